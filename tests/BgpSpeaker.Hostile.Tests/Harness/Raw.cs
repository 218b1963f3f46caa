using System.Buffers.Binary;
using System.Net;
using BgpSpeaker.Wire.Framing;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>
/// Hand-built message bytes, so a test controls every octet it sends (lengths included). Well-formed
/// OPEN, KEEPALIVE, NOTIFICATION and ROUTE-REFRESH come from the codec's encoder instead (<see cref="WirePeer"/>).
/// </summary>
internal static class Raw
{
    public const byte WellKnown = 0x40;
    public const byte Optional = 0x80;
    public const byte OptionalTransitive = 0xC0;
    public const byte ExtendedLength = 0x10;

    /// <summary>The AS every hostile peer uses in its OPEN and as the first AS of its paths.</summary>
    public const uint HostileAs = 65002;

    public static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>A 19-octet header with whatever length and type the test wants.</summary>
    public static byte[] Header(int length, byte type, byte[]? marker = null)
    {
        var header = new byte[BgpHeader.Size];
        (marker ?? Enumerable.Repeat((byte)0xFF, BgpHeader.MarkerSize).ToArray()).CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(BgpHeader.MarkerSize), (ushort)length);
        header[BgpHeader.MarkerSize + 2] = type;
        return header;
    }

    /// <summary>A message whose header length is right for <paramref name="body"/>.</summary>
    public static byte[] Message(MessageType type, byte[] body) => Cat(Header(BgpHeader.Size + body.Length, (byte)type), body);

    /// <summary>An UPDATE with correct withdrawn and attribute length fields.</summary>
    public static byte[] Update(byte[] attributes, byte[] nlri, byte[]? withdrawn = null)
    {
        withdrawn ??= [];
        return Message(MessageType.Update, Cat(U16(withdrawn.Length), withdrawn, U16(attributes.Length), attributes, nlri));
    }

    /// <summary>An attribute; the length field is two octets when <paramref name="flags"/> has Extended Length.</summary>
    public static byte[] Attr(byte flags, byte type, params byte[] value) =>
        (flags & ExtendedLength) != 0
            ? Cat([flags, type], U16(value.Length), value)
            : Cat([flags, type, (byte)value.Length], value);

    public static byte[] Origin(byte value = 0) => Attr(WellKnown, 1, value);

    /// <summary>AS_PATH of one AS_SEQUENCE with 4-octet ASNs (every hostile peer negotiates RFC 6793).</summary>
    public static byte[] AsPath(params uint[] asns) => AsPathOf(Segment(2, asns));

    public static byte[] AsPathOf(params byte[][] segments)
    {
        var value = Cat(segments);
        return Attr(value.Length > 255 ? (byte)(WellKnown | ExtendedLength) : WellKnown, 2, value);
    }

    /// <summary>A path segment: type (1 AS_SET, 2 AS_SEQUENCE), count, 4-octet ASNs.</summary>
    public static byte[] Segment(byte type, params uint[] asns) => Cat([type, (byte)asns.Length], Cat([.. asns.Select(U32)]));

    public static byte[] NextHop(string address) => Attr(WellKnown, 3, IPAddress.Parse(address).GetAddressBytes());

    public static byte[] Med(uint value) => Attr(Optional, 4, U32(value));

    /// <summary>ORIGIN IGP, AS_PATH [65002], NEXT_HOP 198.18.0.1: what a classic IPv4 announcement needs.</summary>
    public static byte[] Mandatory() => Cat(Origin(), AsPath(HostileAs), NextHop("198.18.0.1"));

    /// <summary>A well-formed announcement of <paramref name="prefix"/> with extra attributes after the mandatory ones.</summary>
    public static byte[] Announce(string prefix, params byte[][] extra) => Update(Cat(Mandatory(), Cat(extra)), Nlri(prefix));

    /// <summary>Prefixes in NLRI encoding: length octet, then only the octets the length needs.</summary>
    public static byte[] Nlri(params string[] prefixes) => Cat([.. prefixes.Select(NlriEntry)]);

    private static byte[] NlriEntry(string prefix)
    {
        var parts = prefix.Split('/');
        int length = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var address = IPAddress.Parse(parts[0]).GetAddressBytes();
        return Cat([(byte)length], address[..((length + 7) / 8)]);
    }

    /// <summary>MP_REACH_NLRI (RFC 4760 §3) with a next hop of any length and NLRI as given.</summary>
    public static byte[] MpReach(ushort afi, byte safi, byte[] nextHop, byte[] nlri) =>
        Attr(Optional, 14, Cat(U16(afi), [safi, (byte)nextHop.Length], nextHop, [0], nlri));

    public static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
