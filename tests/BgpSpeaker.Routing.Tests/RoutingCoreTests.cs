using System.Buffers;
using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Tests;

public class RoutingCoreTests
{
    internal static UpdateMessage Announce(uint[] path, uint nextHop, params string[] prefixes) => new()
    {
        Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(path) },
        NextHop = NextHop.V4(nextHop),
        Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, [.. prefixes.Select(Prefix.Parse)]),
    };

    /// <summary><paramref name="count"/> consecutive /24s from <paramref name="first"/> (11.0.0.0 by default).</summary>
    internal static Prefix[] Consecutive24s(int count, uint first = 0x0B000000u) =>
        [.. Enumerable.Range(0, count).Select(i => Prefix.V4(first + ((uint)i << 8), 24))];

    /// <summary>One UPDATE announcing all of <paramref name="prefixes"/> with AS path 65001, next hop 0.0.0.1.</summary>
    internal static UpdateMessage AnnounceAll(Prefix[] prefixes) => new()
    {
        Attributes = new PathAttributes { AsPath = AsPath.FromSequence(65001) },
        NextHop = NextHop.V4(1),
        Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, prefixes),
    };

    internal static UpdateMessage Withdraw(params string[] prefixes) => new()
    {
        Withdrawn = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, [.. prefixes.Select(Prefix.Parse)]),
    };

    private static (RoutingCore Core, PeerInfo Leaf1, PeerInfo Leaf2) TwoLeaves()
    {
        var core = new RoutingCore();
        var leaf1 = core.AddPeer("leaf1", external: true);
        var leaf2 = core.AddPeer("leaf2", external: true);
        (leaf1.RouterId, leaf2.RouterId) = (1, 2);
        return (core, leaf1, leaf2);
    }

    [Fact]
    public void AnnouncementsBecomeBestAndChangesAreReportedOncePerPrefix()
    {
        var (core, leaf1, leaf2) = TwoLeaves();
        core.Apply(leaf1.Id, Announce([65001], 1, "0.0.0.0/0", "10.1.0.0/16"));
        core.Apply(leaf2.Id, Announce([65002], 2, "0.0.0.0/0"));
        var changes = core.Process();
        Assert.Equal(2, changes.V4.Count);
        var defaultRoute = changes.V4.Single(c => c.Key.ToPrefix().ToString() == "0.0.0.0/0");
        Assert.Null(defaultRoute.Old);
        Assert.Equal(leaf1.Id, defaultRoute.New!.Value.Peer); // lower router id
        Assert.Equal(2, defaultRoute.New.Value.Paths);       // ECMP over both leaves
        Assert.Equal(2, core.Explain(Prefix.Parse("0.0.0.0/0")).Count(e => e.Multipath));
        Assert.Empty(core.Process().V4); // nothing pending
    }

    [Fact]
    public void WithdrawalFailsOverToTheOtherLeafAndPeerDownRemovesEverything()
    {
        var (core, leaf1, leaf2) = TwoLeaves();
        core.Apply(leaf1.Id, Announce([65001], 1, "0.0.0.0/0"));
        core.Apply(leaf2.Id, Announce([65002], 2, "0.0.0.0/0"));
        core.Process();

        core.Apply(leaf1.Id, Withdraw("0.0.0.0/0"));
        var change = Assert.Single(core.Process().V4);
        Assert.Equal(leaf2.Id, change.New!.Value.Peer);
        Assert.Equal(1, change.New.Value.Paths);

        Assert.Equal(1, core.WithdrawAll(leaf2.Id));
        change = Assert.Single(core.Process().V4);
        Assert.Null(change.New);
        Assert.Equal(0, core.V4.Count);
        Assert.Equal(0, core.ReceivedCount(leaf2.Id));
    }

    [Fact]
    public void TreatAsWithdrawAndRejectedPathsRemoveEarlierRoutes()
    {
        var core = new RoutingCore { LocalAs = 65010 };
        var leaf1 = core.AddPeer("leaf1", external: true);
        core.Apply(leaf1.Id, Announce([65001], 1, "10.1.0.0/16"));
        core.Process();
        var looped = Announce([65001, 65010], 1, "10.1.0.0/16");
        core.Apply(leaf1.Id, looped);
        Assert.Null(Assert.Single(core.Process().V4).New);
        Assert.Equal(0, core.ReceivedCount(leaf1.Id));
    }

    [Fact]
    public void RoutesShareInternedAttributes()
    {
        var (core, leaf1, _) = TwoLeaves();
        core.Apply(leaf1.Id, Announce([65001], 1, "10.1.0.0/16", "10.2.0.0/16"));
        core.Apply(leaf1.Id, Announce([65001], 1, "10.3.0.0/16"));
        core.Process();
        Assert.Equal(1, core.Attributes.Count);
        Assert.Equal(3, core.ReceivedCount(leaf1.Id, Afi.Ipv4));
    }

    private static ExportTarget Target(PeerInfo peer, bool ibgp = false) =>
        new(peer, 65010, new CodecContext { FourOctetAs = true }, new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast },
            NextHop.V4(0x0AFF0101), null);

    private static List<UpdateMessage> Decode(ArrayBufferWriter<byte> output) =>
        [.. MessageDecoder.DecodeAll(output.WrittenSpan.ToArray(), new CodecContext { FourOctetAs = true }).Select(r => (UpdateMessage)r.Result.Message!)];

    [Fact]
    public void ExportPrependsUsSetsNextHopSelfAndNeverSendsBackToTheSource()
    {
        var core = new RoutingCore();
        var local = core.AddPeer("local", external: false, local: true);
        var leaf = core.AddPeer("leaf1", external: true);
        var metallb = core.AddPeer("metallb", external: true);
        core.Originate(local.Id, Prefix.Parse("10.0.0.10/32"), new PathAttributes { Origin = Origin.Igp }, NextHop.V4(0));
        core.Apply(metallb.Id, Announce([64512], 0x7F000002, "192.0.2.100/32"));
        core.Apply(leaf.Id, Announce([65001], 1, "0.0.0.0/0"));
        var changes = core.Process();

        var output = new ArrayBufferWriter<byte>();
        var (updates, announced, _, _) = UpdateBuilder.Changes(output, core, Target(leaf), changes);
        var sent = Decode(output);
        Assert.Equal(updates, sent.Count);
        Assert.Equal(2, announced); // the node /32 and MetalLB's VIP; not the leaf's own default route
        var prefixes = sent.SelectMany(u => u.Nlri.ToList()).Select(e => e.Prefix.ToString()).Order().ToList();
        Assert.Equal(["10.0.0.10/32", "192.0.2.100/32"], prefixes);
        Assert.All(sent, u => Assert.Equal("10.255.1.1", u.NextHop.ToString()));
        var vip = sent.Single(u => u.Nlri.ToList().Any(e => e.Prefix.ToString() == "192.0.2.100/32"));
        Assert.Equal("65010 64512", vip.Attributes!.AsPath.ToString());
        var node = sent.Single(u => u.Nlri.ToList().Any(e => e.Prefix.ToString() == "10.0.0.10/32"));
        Assert.Equal("65010", node.Attributes!.AsPath.ToString());
    }

    [Fact]
    public void ExportWithdrawsWhatItHadSentWhenTheBestRouteGoes()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf1", external: true);
        var metallb = core.AddPeer("metallb", external: true);
        core.Apply(metallb.Id, Announce([64512], 0x7F000002, "192.0.2.100/32"));
        core.Process();
        core.WithdrawAll(metallb.Id);
        var output = new ArrayBufferWriter<byte>();
        var (_, announced, withdrawn, _) = UpdateBuilder.Changes(output, core, Target(leaf), core.Process());
        Assert.Equal((0, 1), (announced, withdrawn));
        Assert.Equal(["192.0.2.100/32"], Decode(output).SelectMany(u => u.Withdrawn.ToList()).Select(e => e.Prefix.ToString()));
    }

    [Fact]
    public void NoExportCommunityStaysInsideTheAs()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf1", external: true);
        var metallb = core.AddPeer("metallb", external: true);
        var update = Announce([64512], 0x7F000002, "192.0.2.100/32");
        var noExport = new UpdateMessage { Attributes = new PathAttributes { AsPath = AsPath.FromSequence(64512), Communities = [Community.NoExport] }, NextHop = update.NextHop, Nlri = update.Nlri };
        core.Apply(metallb.Id, noExport);
        var output = new ArrayBufferWriter<byte>();
        Assert.Equal(0, UpdateBuilder.Changes(output, core, Target(leaf), core.Process()).Announced);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void FullTablePacksAMillionPrefixesIntoFewUpdates()
    {
        var core = new RoutingCore();
        var feeder = core.AddPeer("feeder", external: true);
        var sink = core.AddPeer("sink", external: true);
        core.Apply(feeder.Id, AnnounceAll(Consecutive24s(20_000, first: 0x0A000000u)));
        core.Process();
        var output = new ArrayBufferWriter<byte>();
        var (updates, announced) = UpdateBuilder.FullTable(output, core, Target(sink), [AfiSafi.Ipv4Unicast]);
        Assert.Equal(20_000, announced);
        Assert.InRange(updates, 20_000 * 4 / 4096 + 1, 20_000 * 4 / 4000 + 2); // packed: ~1,000 prefixes per UPDATE, plus End-of-RIB
        Assert.Equal(20_000, Decode(output).Sum(u => u.Nlri.Count));
    }
}
