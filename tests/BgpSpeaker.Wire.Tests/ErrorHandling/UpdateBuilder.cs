namespace BgpSpeaker.Wire.Tests.ErrorHandling;

/// <summary>Builds UPDATE bodies in hex from parts, computing the length fields.</summary>
public static class UpdateBuilder
{
    public const string OriginAttr = "40 01 01 00";
    public const string AsPathAttr = "40 02 06 02 01 0000fde9";
    public const string NextHopAttr = "40 03 04 0a000001";
    public const string Mandatory = OriginAttr + AsPathAttr + NextHopAttr;
    public const string NlriHex = "18 c00002"; // 192.0.2.0/24

    /// <summary>An attribute with a 1-octet length computed from the value.</summary>
    public static string Attr(byte flags, byte type, string valueHex)
    {
        int length = Hex.Parse(valueHex).Length;
        return (flags & 0x10) != 0
            ? $"{flags:x2}{type:x2}{length:x4}{valueHex}"
            : $"{flags:x2}{type:x2}{length:x2}{valueHex}";
    }

    public static string Body(string withdrawn, string attributes, string nlri)
    {
        int w = Hex.Parse(withdrawn).Length;
        int a = Hex.Parse(attributes).Length;
        return $"{w:x4}{withdrawn}{a:x4}{attributes}{nlri}";
    }

    public static string Announce(string attributes, string nlri = NlriHex) => Body("", attributes, nlri);
}
