using System.Buffers;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Runtime;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Session.Tests.Runtime;

/// <summary>
/// Peers that send UPDATEs right behind their OPEN or KEEPALIVE (GoBGP almost always, BIRD often):
/// every frame after an accepted OPEN must be decoded with the negotiated context (4-octet ASNs,
/// RFC 8950 next hops), however the bytes are split into reads.
/// </summary>
public class EarlyUpdateTests
{
    private const uint PeerAs = 4200000001; // needs 4-octet AS: a 2-octet decode sees AS_TRANS garbage
    private const int Iterations = 200;

    private static readonly CodecContext Negotiated = CodecContext.Initial with
    {
        FourOctetAs = true,
        MaxMessageSize = CodecContext.ExtendedMaxMessageSize,
        ExtendedNextHop = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast },
        Families = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast },
    };

    private static PeerSettings Settings() => new()
    {
        LocalAs = 65010,
        LocalRouterId = 0x0A00000A,
        RemoteAs = ExpectedAs.Of(PeerAs),
        HoldTime = HoldTime.FromSeconds(9),
        Passive = true,
        Capabilities = new CapabilitySettings { ExtendedNextHop = true },
    };

    private static OpenMessage PeerOpen() => OpenMessage.Create(PeerAs, 9, 0x0AFF0001,
    [
        new MultiprotocolCapability(AfiSafi.Ipv4Unicast),
        new MultiprotocolCapability(AfiSafi.Ipv6Unicast),
        new FourOctetAsCapability(PeerAs),
        new ExtendedNextHopCapability([new ExtendedNextHopEntry(AfiSafi.Ipv4Unicast, Afi.Ipv6)]),
        new ExtendedMessageCapability(),
        new RouteRefreshCapability(),
    ]);

    private static readonly PathAttributes FourOctetPath = new() { Origin = Origin.Igp, AsPath = AsPath.FromSequence(PeerAs, 4200000002) };

    private static UpdateMessage ClassicUpdate() => new()
    {
        Attributes = FourOctetPath,
        NextHop = NextHop.V4(0x0AFF0001),
        Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, Prefix.Parse("192.0.2.0/24")),
    };

    private static UpdateMessage Rfc8950Update() => new()
    {
        Attributes = FourOctetPath,
        MpReach = new MpReach(AfiSafi.Ipv4Unicast, NextHop.V6(IpAddresses.ParseV6("fe80::1"), IpAddresses.ParseV6("fe80::1")),
            NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, Prefix.Parse("198.51.100.7/32"))),
    };

    private static byte[] Encode(BgpMessage message, CodecContext context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageEncoder.Write(buffer, message, context);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>OPEN, KEEPALIVE and two UPDATEs, all in one write: one TCP segment's worth of bytes.</summary>
    private static byte[] OneSegment() =>
    [
        .. Encode(PeerOpen(), CodecContext.Initial),
        .. Encode(KeepaliveMessage.Instance, CodecContext.Initial),
        .. Encode(ClassicUpdate(), Negotiated),
        .. Encode(Rfc8950Update(), Negotiated),
    ];

    [Fact]
    public async Task OpenKeepaliveAndUpdatesInOneSegmentAreDecodedWithTheNegotiatedContextEveryTime()
    {
        var segment = OneSegment();
        for (int i = 0; i < Iterations; i++)
        {
            var observer = new RecordingObserver();
            await using var runner = new PeerRunner("leaf1", Settings(), null, observer, TimeProvider.System);
            runner.Start();
            var (ours, peer) = InMemoryTransport.Pair();
            await runner.AcceptAsync(ours);
            await peer.ExpectAsync<OpenMessage>();
            await peer.SendRawAsync(segment);
            await ExpectBothRoutesAsync(observer, $"iteration {i}");
        }
    }

    [Fact]
    public async Task UpdatesRightBehindTheKeepaliveAfterAPeerResetAreDecodedWithTheNegotiatedContext()
    {
        var observer = new RecordingObserver();
        await using var runner = new PeerRunner("leaf1", Settings(), null, observer, TimeProvider.System);
        runner.Start();
        for (int i = 0; i < Iterations; i++)
        {
            var (ours, peer) = InMemoryTransport.Pair();
            await runner.AcceptAsync(ours);
            await peer.ExpectAsync<OpenMessage>();
            await peer.SendAsync(PeerOpen());
            await peer.ExpectAsync<KeepaliveMessage>();
            // The KEEPALIVE and both UPDATEs arrive together, as GoBGP sends them.
            await peer.SendRawAsync([.. Encode(KeepaliveMessage.Instance, Negotiated), .. Encode(ClassicUpdate(), Negotiated), .. Encode(Rfc8950Update(), Negotiated)]);
            await ExpectBothRoutesAsync(observer, $"session {i}");
            // A peer's administrative reset: the runner restarts at once and accepts the next connection.
            peer.Context = Negotiated;
            await peer.SendAsync(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, "reset"));
            await observer.NextAsync<DownReason>();
            await observer.ReachesAsync(SessionState.Active);
        }
    }

    private static async Task ExpectBothRoutesAsync(RecordingObserver observer, string when)
    {
        var classic = await observer.NextAsync<UpdateMessage>();
        Assert.True(classic.Errors.Count == 0, $"{when}: {string.Join("; ", classic.Errors)}");
        Assert.Equal(FourOctetPath.AsPath, classic.Attributes!.AsPath);
        Assert.Equal("192.0.2.0/24", classic.Nlri.ToList().Single().Prefix.ToString());

        var extended = await observer.NextAsync<UpdateMessage>();
        Assert.True(extended.Errors.Count == 0, $"{when}: {string.Join("; ", extended.Errors)}");
        Assert.Equal(FourOctetPath.AsPath, extended.Attributes!.AsPath);
        var reach = Assert.IsType<MpReach>(extended.MpReach);
        Assert.Equal(IpAddresses.ParseV6("fe80::1"), reach.NextHop.LinkLocalAddress);
        Assert.Equal("198.51.100.7/32", reach.Nlri.ToList().Single().Prefix.ToString());
    }
}
