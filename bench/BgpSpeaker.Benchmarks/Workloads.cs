using System.Buffers;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Benchmarks;

/// <summary>Realistic UPDATEs: 500 IPv4 /24s behind a 3-hop AS path, classic or RFC 8950 MP_REACH.</summary>
public static class Workloads
{
    public const int PrefixesPerUpdate = 500;

    public static readonly CodecContext Context = new()
    {
        FourOctetAs = true,
        ExtendedNextHop = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast },
    };

    public static readonly PathAttributes Attributes = new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(65001, 65100, 4200000001),
        MultiExitDisc = 0,
        Communities = [new Community(65001, 100)],
    };

    public static NlriEntry[] Routes(int count, int first = 0) =>
        [.. Enumerable.Range(first, count).Select(i => new NlriEntry(Prefix.V4(0x0A000000u + ((uint)i << 8), 24), 0))];

    /// <summary>The body (header excluded) of the one UPDATE that packs the routes.</summary>
    public static byte[] UpdateBody(NextHop nextHop)
    {
        var output = new ArrayBufferWriter<byte>();
        int messages = UpdatePacker.WriteAnnouncements(output, Context, AfiSafi.Ipv4Unicast, Attributes, nextHop, Routes(PrefixesPerUpdate));
        if (messages != 1)
        {
            throw new InvalidOperationException($"expected one UPDATE, got {messages}");
        }
        return output.WrittenSpan[19..].ToArray();
    }

    public static readonly NextHop V4NextHop = NextHop.V4(0x0AFF0001);

    public static readonly NextHop LinkLocalNextHop = NextHop.V6(IpAddresses.ParseV6("fe80::1"), IpAddresses.ParseV6("fe80::1"));
}
