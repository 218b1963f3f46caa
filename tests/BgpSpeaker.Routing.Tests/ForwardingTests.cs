using BgpSpeaker.Routing.Forwarding;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Routing.Tests.RoutingCoreTests;

namespace BgpSpeaker.Routing.Tests;

/// <summary>The decision run's output for the kernel FIB: each changed prefix with its full equal-cost next-hop set.</summary>
public class ForwardingTests
{
    private static (RoutingCore Core, int Leaf1, int Leaf2, int Leaf3, int Local) Fabric()
    {
        var core = new RoutingCore { TrackForwarding = true };
        var leaves = Enumerable.Range(1, 3).Select(i =>
        {
            var leaf = core.AddPeer($"leaf{i}", external: true);
            leaf.RouterId = (uint)i;
            return leaf.Id;
        }).ToArray();
        var local = core.AddPeer("local", external: false, local: true);
        return (core, leaves[0], leaves[1], leaves[2], local.Id);
    }

    /// <summary>A prefix touched twice in a batch may be listed twice: the last entry counts.</summary>
    private static Dictionary<string, string[]> Entries(RoutingCore core)
    {
        var entries = new Dictionary<string, string[]>();
        foreach (var change in core.Forwarding.Changes)
        {
            entries[change.Prefix.ToString()] = [.. core.Forwarding.HopsOf(change).ToArray().Select(h => $"{core[h.Peer].Name} via {h.NextHop}").Order()];
        }
        return entries;
    }

    [Fact]
    public void BothLeavesBecomeTheDefaultRoutesNextHops()
    {
        var (core, leaf1, leaf2, _, _) = Fabric();
        core.Apply(leaf1, Announce([65001], 1, "0.0.0.0/0"));
        core.Apply(leaf2, Announce([65002], 2, "0.0.0.0/0"));
        core.Process();
        Assert.Equal(["leaf1 via 0.0.0.1", "leaf2 via 0.0.0.2"], Entries(core)["0.0.0.0/0"]);
    }

    [Fact]
    public void AMemberReplacedInOneBatchIsReportedThoughTheBestStayed()
    {
        var (core, leaf1, leaf2, leaf3, _) = Fabric();
        core.Apply(leaf1, Announce([65001], 1, "0.0.0.0/0"));
        core.Apply(leaf2, Announce([65002], 2, "0.0.0.0/0"));
        core.Process();

        core.Apply(leaf2, Withdraw("0.0.0.0/0"));
        core.Apply(leaf3, Announce([65003], 3, "0.0.0.0/0")); // best (leaf1) and path count (2) stay the same
        Assert.Empty(core.Process().V4);
        Assert.Equal(["leaf1 via 0.0.0.1", "leaf3 via 0.0.0.3"], Entries(core)["0.0.0.0/0"]);
    }

    [Fact]
    public void AWithdrawnPrefixHasNoHopsAndOurOwnNetworksNeverReachTheFib()
    {
        var (core, leaf1, _, _, local) = Fabric();
        core.Apply(leaf1, Announce([65001], 1, "10.1.0.0/16"));
        core.Originate(local, Prefix.Parse("10.0.0.10/32"), new Wire.Attributes.PathAttributes(), NextHop.V4(0));
        core.Process();
        Assert.Equal(["leaf1 via 0.0.0.1"], Entries(core)["10.1.0.0/16"]);
        Assert.Empty(Entries(core)["10.0.0.10/32"]);

        core.Apply(leaf1, Withdraw("10.1.0.0/16"));
        core.Process();
        Assert.Empty(Entries(core)["10.1.0.0/16"]);
    }

    [Fact]
    public void UntrackedCoresReportNothing()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        core.Apply(leaf.Id, Announce([65001], 1, "10.1.0.0/16"));
        core.Process();
        Assert.Equal(0, core.Forwarding.Count);
    }
}
