using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Framing;

namespace BgpSpeaker.Wire.Messages;

/// <summary>
/// OPEN (RFC 4271 §4.2), capabilities in optional parameters of type 2 (RFC 5492):
/// <code>
///  +-+-+-+-+-+-+-+-+
///  |    Version    |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |     My Autonomous System      |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |           Hold Time           |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |                         BGP Identifier                        |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  | Opt Parm Len  |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |             Optional Parameters (variable)                    |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class OpenMessage : BgpMessage
{
    /// <summary>AS_TRANS (RFC 6793): what a 4-octet AS puts in the 2-octet "My AS" field.</summary>
    public const ushort AsTrans = 23456;

    public override MessageType Type => MessageType.Open;

    public byte Version { get; init; } = 4;

    /// <summary>The 2-octet "My Autonomous System" field as sent (AS_TRANS for a 4-octet AS).</summary>
    public ushort MyAs { get; init; }

    public ushort HoldTimeSeconds { get; init; }

    public uint BgpIdentifier { get; init; }

    public IReadOnlyList<Capability> Capabilities { get; init; } = [];

    /// <summary>The speaker's AS: from the 4-octet AS capability when present (RFC 6793), else My AS.</summary>
    public uint AsNumber => Find<FourOctetAsCapability>()?.Asn ?? MyAs;

    public T? Find<T>() where T : Capability => Capabilities.OfType<T>().FirstOrDefault();

    /// <summary>Builds an OPEN for <paramref name="asn"/>, placing AS_TRANS in My AS when it needs 4 octets.</summary>
    public static OpenMessage Create(uint asn, ushort holdTime, uint bgpId, IEnumerable<Capability> capabilities) => new()
    {
        MyAs = asn > ushort.MaxValue ? AsTrans : (ushort)asn,
        HoldTimeSeconds = holdTime,
        BgpIdentifier = bgpId,
        Capabilities = [.. capabilities],
    };
}
