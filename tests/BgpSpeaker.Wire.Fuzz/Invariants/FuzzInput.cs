using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Fuzz;

/// <summary>
/// How the fuzzer's bytes are read: the first byte selects the codec context (so every negotiated
/// variant of the codec is reachable), the rest is the TCP byte stream.
/// <code>
///   bit 0  0x01  4-octet AS (RFC 6793)
///   bit 1  0x02  ADD-PATH send+receive for IPv4 unicast (RFC 7911)
///   bit 2  0x04  ADD-PATH send+receive for IPv6 unicast
///   bit 3  0x08  extended next hop for IPv4 unicast (RFC 8950)
///   bit 4  0x10  extended messages, 65535 octets (RFC 8654)
///   bit 5  0x20  internal peer (LOCAL_PREF kept and mandatory)
///   bit 6  0x40  families negotiated: IPv4 + IPv6 unicast only (else every known family)
///   bit 7  0x80  deliver the stream in small chunks (multi-segment buffers, partial headers)
/// </code>
/// ADD-PATH is symmetric (send = receive) so that what we decode re-encodes in the same form.
/// </summary>
public sealed record FuzzInput(byte Selector, CodecContext Context, bool Chunked, ReadOnlyMemory<byte> Stream)
{
    public const byte FourOctetAs = 0x01;
    public const byte AddPathIpv4 = 0x02;
    public const byte AddPathIpv6 = 0x04;
    public const byte ExtendedNextHop = 0x08;
    public const byte ExtendedMessage = 0x10;
    public const byte InternalPeer = 0x20;
    public const byte OnlyUnicastFamilies = 0x40;
    public const byte ChunkedDelivery = 0x80;

    private static readonly CodecContext[] Contexts = BuildContexts();

    /// <summary>Splits an input; an empty input is an empty stream in the initial context.</summary>
    public static FuzzInput Parse(ReadOnlyMemory<byte> input)
    {
        byte selector = input.IsEmpty ? (byte)0 : input.Span[0];
        return new FuzzInput(selector, Contexts[selector & 0x7F], (selector & ChunkedDelivery) != 0, input.IsEmpty ? input : input[1..]);
    }

    public static CodecContext ContextFor(byte selector) => Contexts[selector & 0x7F];

    public static string Describe(byte selector)
    {
        var parts = new List<string>();
        if ((selector & FourOctetAs) != 0) parts.Add("4-octet-as");
        if ((selector & AddPathIpv4) != 0) parts.Add("add-path-ipv4");
        if ((selector & AddPathIpv6) != 0) parts.Add("add-path-ipv6");
        if ((selector & ExtendedNextHop) != 0) parts.Add("extended-nexthop");
        if ((selector & ExtendedMessage) != 0) parts.Add("extended-message");
        if ((selector & InternalPeer) != 0) parts.Add("ibgp");
        if ((selector & OnlyUnicastFamilies) != 0) parts.Add("unicast-families");
        if ((selector & ChunkedDelivery) != 0) parts.Add("chunked");
        return $"0x{selector:x2} ({(parts.Count == 0 ? "initial context" : string.Join(", ", parts))})";
    }

    private static CodecContext[] BuildContexts()
    {
        var contexts = new CodecContext[128];
        for (int s = 0; s < contexts.Length; s++)
        {
            var addPath = new HashSet<AfiSafi>();
            if ((s & AddPathIpv4) != 0)
            {
                addPath.Add(AfiSafi.Ipv4Unicast);
            }
            if ((s & AddPathIpv6) != 0)
            {
                addPath.Add(AfiSafi.Ipv6Unicast);
            }
            contexts[s] = new CodecContext
            {
                FourOctetAs = (s & FourOctetAs) != 0,
                AddPathReceive = addPath,
                AddPathSend = addPath,
                ExtendedNextHop = (s & ExtendedNextHop) != 0 ? new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast } : new HashSet<AfiSafi>(),
                MaxMessageSize = (s & ExtendedMessage) != 0 ? CodecContext.ExtendedMaxMessageSize : CodecContext.StandardMaxMessageSize,
                ExternalPeer = (s & InternalPeer) == 0,
                Families = (s & OnlyUnicastFamilies) != 0 ? new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast } : null,
            };
        }
        return contexts;
    }
}
