using System.Text.Json;
using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>What only nexthop-object mode does: sharing, kernel-side failover, adoption and migration.</summary>
public class FibNexthopObjectTests
{
    private static readonly Prefix A = Prefix.Parse("10.1.0.1/32");
    private static readonly Prefix B = Prefix.Parse("10.1.0.2/32");

    [Fact]
    public void RoutesShareOneGroupAndTheObjectsGoWithTheLastRoute()
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(FibNextHopMode.Objects);
        var changes = Enumerable.Range(0, 100).Select(i => FibChange.Install(Prefix.V4(0x0A800000u + (uint)i, 32), lab.ViaLeaf1, lab.ViaLeaf2)).ToList();

        fib.Apply(changes);

        Assert.Equal(3, Objects(lab).Count); // fe80::1, fe80::2 and the group
        var group = Objects(lab).Single(o => o.TryGetProperty("group", out _)).GetProperty("id").GetUInt32();
        Assert.All(RoutesJson(lab), r => Assert.Equal(group, r.GetProperty("nhid").GetUInt32()));

        var removed = fib.Apply(changes.Select(c => FibChange.Remove(c.Prefix)));

        Assert.Equal(100, removed.Deleted);
        Assert.Empty(removed.Failures);
        Assert.Equal(0, lab.RouteCount());
        Assert.Empty(Objects(lab));
    }

    [Fact]
    public void OnCarrierLossTheKernelMovesTrafficItselfAndReconcileRestoresTheRest()
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(FibNextHopMode.Objects);
        fib.Apply([FibChange.Install(A, lab.ViaLeaf1, lab.ViaLeaf2), FibChange.Install(B, lab.ViaLeaf1)]);

        lab.Ns.Ip("link set leaf1 down");
        Assert.Equal(["10.1.0.1/32 src 10.0.0.11 via inet6 fe80::2 dev up2"], lab.Routes());
        lab.Ns.Ip("link set leaf1 up");
        var repaired = fib.Reconcile(StaleRoutePolicy.Delete);

        Assert.Equal((1, 0, 1), (repaired.Added, repaired.Replaced, repaired.Unchanged));
        Assert.Empty(repaired.Failures);
        Assert.Equal([
            "10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2",
            "10.1.0.2/32 src 10.0.0.11 via inet6 fe80::1 dev up1",
        ], lab.Routes());
    }

    [Fact]
    public void ANextHopWithoutCarrierCannotBeCreatedAndItsRoutesSaySo()
    {
        using var lab = new FibLab();
        lab.Ns.Ip("link set leaf1 down");
        using var fib = lab.OpenWriter(FibNextHopMode.Objects);

        var result = fib.Apply([FibChange.Install(A, lab.ViaLeaf1), FibChange.Install(B, lab.ViaLeaf2)]);

        Assert.Equal(1, result.Installed);
        Assert.Equal(BgpSpeaker.Platform.Linux.Netlink.Errno.ENETDOWN, result.Failures.Single().Error.Errno);
        Assert.Equal(1, fib.Counters.NexthopObjectFailures);

        lab.Ns.Ip("link set leaf1 up");
        Assert.Equal(1, fib.Reconcile(StaleRoutePolicy.Delete).Added);
        Assert.Equal(2, lab.RouteCount());
    }

    [Fact]
    public void ARestartAdoptsTheObjectsAndRoutesWithoutRewritingThem()
    {
        using var lab = new FibLab();
        using (var previous = lab.OpenWriter(FibNextHopMode.Objects))
        {
            previous.Apply([FibChange.Install(A, lab.ViaLeaf1, lab.ViaLeaf2), FibChange.Install(B, lab.ViaLeaf2)]);
        }
        var before = Objects(lab).Select(o => o.GetProperty("id").GetUInt32()).Order().ToList();
        using var fib = lab.OpenWriter(FibNextHopMode.Objects);

        var start = fib.Reconcile(StaleRoutePolicy.Keep);
        var converged = fib.Apply([FibChange.Install(A, lab.ViaLeaf2, lab.ViaLeaf1)]);

        Assert.Equal(2, start.KeptStale);
        Assert.Equal(1, converged.Unchanged);
        Assert.Equal(0, fib.Counters.NexthopObjectsCreated);
        Assert.Equal(before, Objects(lab).Select(o => o.GetProperty("id").GetUInt32()).Order());

        var expired = fib.DeleteStaleRoutes();

        Assert.Equal(1, expired.Deleted);
        Assert.Equal(["10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2"], lab.Routes());
        Assert.Equal(3, Objects(lab).Count); // fe80::2 is still a member of the group
        fib.WithdrawAll();
        Assert.Empty(Objects(lab));
    }

    [Fact]
    public void RoutesOfAnInlineRunMoveOntoObjectsWithoutAGap()
    {
        using var lab = new FibLab();
        using (var previous = lab.OpenWriter(FibNextHopMode.Inline))
        {
            previous.Apply([FibChange.Install(A, lab.ViaLeaf1, lab.ViaLeaf2)]);
        }
        using var fib = lab.OpenWriter(FibNextHopMode.Objects);
        fib.Reconcile(StaleRoutePolicy.Keep);

        var claimed = fib.Apply([FibChange.Install(A, lab.ViaLeaf1, lab.ViaLeaf2)]);

        Assert.Equal(1, claimed.Installed);
        Assert.True(RoutesJson(lab).Single().TryGetProperty("nhid", out _));
    }

    [Fact]
    public void ReconcileDeletesOrphanObjectsOfOursAndLeavesOthersAlone()
    {
        using var lab = new FibLab();
        lab.Ns.Ip($"nexthop add id {FibOptions.DefaultNexthopIdBase + 500} via fe80::7 dev up1 proto 201");
        lab.Ns.Ip("nexthop add id 42 via fe80::8 dev up1 proto static");
        using var fib = lab.OpenWriter(FibNextHopMode.Objects);
        fib.Apply([FibChange.Install(A, lab.ViaLeaf1)]);

        fib.Reconcile(StaleRoutePolicy.Delete);

        var ids = Objects(lab, "").Select(o => o.GetProperty("id").GetUInt32()).ToList();
        Assert.DoesNotContain(FibOptions.DefaultNexthopIdBase + 500, ids);
        Assert.Contains(42u, ids);
        Assert.Equal(2, ids.Count);
    }

    private static List<JsonElement> Objects(FibLab lab, string selector = "proto 201") =>
        JsonDocument.Parse(lab.Ns.Ip($"-j nexthop show {selector}")).RootElement.EnumerateArray().ToList();

    private static List<JsonElement> RoutesJson(FibLab lab) =>
        JsonDocument.Parse(lab.Ns.Ip("-j route show proto 201")).RootElement.EnumerateArray().ToList();
}
