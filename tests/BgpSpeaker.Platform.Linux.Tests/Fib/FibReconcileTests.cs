using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>Reconciliation: repairing drift, adopting a previous run's routes, and cleaning up on stop.</summary>
public class FibReconcileTests
{
    private static readonly Prefix A = Prefix.Parse("10.1.0.1/32");
    private static readonly Prefix B = Prefix.Parse("10.1.0.2/32");
    private static readonly Prefix C = Prefix.Parse("10.1.0.3/32");
    private static readonly Prefix D = Prefix.Parse("2001:db8::/64");

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void ReconcileRepairsRoutesSomeoneChangedByHand(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);
        fib.Apply([
            FibChange.Install(A, lab.ViaLeaf1, lab.ViaLeaf2), FibChange.Install(B, lab.ViaLeaf1),
            FibChange.Install(C, lab.ViaLeaf2), FibChange.Install(D, lab.ViaLeaf1, lab.ViaLeaf2),
        ]);
        lab.Ns.Ip("route del 10.1.0.1/32 proto 201 metric 20");
        lab.Ns.Ip("route replace 10.1.0.2/32 proto 201 metric 20 src 10.0.0.11 via inet6 fe80::9 dev up2");
        lab.Ns.Ip("route add 10.9.9.9/32 proto 201 metric 20 via inet6 fe80::1 dev up1");
        lab.Ns.Ip("-6 route add 2001:db8:9::/64 proto 201 metric 20 via fe80::1 dev up1");
        lab.Ns.Ip("route add 10.1.0.3/32 proto 201 metric 30 via inet6 fe80::1 dev up1");
        lab.Ns.Ip("route add 10.8.8.8/32 proto static via inet6 fe80::1 dev up1");

        var result = fib.Reconcile(StaleRoutePolicy.Delete);

        Assert.Equal((1, 1, 3, 0, 2), (result.Added, result.Replaced, result.Deleted, result.KeptStale, result.Unchanged));
        Assert.Empty(result.Failures);
        Assert.Null(result.DumpError);
        Assert.Equal([
            "10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2",
            "10.1.0.2/32 src 10.0.0.11 via inet6 fe80::1 dev up1",
            "10.1.0.3/32 src 10.0.0.11 via inet6 fe80::2 dev up2",
        ], lab.Routes());
        Assert.Equal(["2001:db8::/64 via fe80::1 dev up1; via fe80::2 dev up2"], lab.Routes(ipv6: true));
        Assert.Single(lab.Routes(selector: "proto static"));

        var quiet = fib.Reconcile(StaleRoutePolicy.Delete);
        Assert.Equal((0, 0, 0, 4), (quiet.Added, quiet.Replaced, quiet.Deleted, quiet.Unchanged));
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void AStartAdoptsThePreviousRunsRoutesAndKeepsThemUntilTold(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using (var previous = lab.OpenWriter(mode))
        {
            previous.Apply([FibChange.Install(A, lab.ViaLeaf1, lab.ViaLeaf2), FibChange.Install(B, lab.ViaLeaf1),
                FibChange.Install(C, lab.ViaLeaf2), FibChange.Install(D, lab.ViaLeaf1)]);
        }
        using var fib = lab.OpenWriter(mode);

        var start = fib.Reconcile(StaleRoutePolicy.Keep);

        Assert.Equal((0, 0, 0, 4), (start.Added, start.Replaced, start.Deleted, start.KeptStale));
        Assert.Equal(4, fib.StaleCount);
        Assert.Equal(3, lab.RouteCount());
        long requests = fib.Counters.Batch.Requests;

        // The routing core converges: A unchanged (taken over without a write), B moves, C never comes back.
        var converged = fib.Apply([FibChange.Install(A, lab.ViaLeaf2, lab.ViaLeaf1), FibChange.Install(B, lab.ViaLeaf2)]);
        Assert.Equal((1, 1), (converged.Installed, converged.Unchanged));
        Assert.Equal(requests + 1, fib.Counters.Batch.Requests);
        Assert.Equal(2, fib.StaleCount);
        Assert.Equal(0, fib.Reconcile(StaleRoutePolicy.Keep).Deleted);
        Assert.Equal(3, lab.RouteCount());

        var expired = fib.DeleteStaleRoutes();

        Assert.Equal(2, expired.Deleted);
        Assert.Equal(0, fib.StaleCount);
        Assert.Equal([
            "10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2",
            "10.1.0.2/32 src 10.0.0.11 via inet6 fe80::2 dev up2",
        ], lab.Routes());
        Assert.Empty(lab.Routes(ipv6: true));
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void AStartCanDeleteThePreviousRunsRoutesAtOnce(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using (var previous = lab.OpenWriter(mode))
        {
            previous.Apply([FibChange.Install(A, lab.ViaLeaf1), FibChange.Install(B, lab.ViaLeaf1), FibChange.Install(D, lab.ViaLeaf1)]);
        }
        using var fib = lab.OpenWriter(mode);
        fib.Apply([FibChange.Install(B, lab.ViaLeaf1)]);

        var start = fib.Reconcile(StaleRoutePolicy.Delete);

        Assert.Equal((0, 0, 2, 0, 1), (start.Added, start.Replaced, start.Deleted, start.KeptStale, start.Unchanged));
        Assert.Equal(["10.1.0.2/32 src 10.0.0.11 via inet6 fe80::1 dev up1"], lab.Routes());
        Assert.Empty(lab.Routes(ipv6: true));
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void AnAdoptedRouteWithAnotherSourceIsRewrittenWhenClaimed(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using (var previous = lab.OpenWriter(mode, new FibOptions()))
        {
            previous.Apply([FibChange.Install(A, lab.ViaLeaf1)]);
        }
        using var fib = lab.OpenWriter(mode);
        fib.Reconcile(StaleRoutePolicy.Keep);

        var claimed = fib.Apply([FibChange.Install(A, lab.ViaLeaf1)]);

        Assert.Equal(1, claimed.Installed);
        Assert.Equal(["10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1"], lab.Routes());
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void ARouteTheKernelDroppedWithItsLinkComesBackOnReconcile(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);
        fib.Apply([FibChange.Install(A, lab.ViaLeaf1), FibChange.Install(B, lab.ViaLeaf1, lab.ViaLeaf2)]);

        lab.Ns.Ip("link set up1 down");
        Assert.Equal(1, lab.RouteCount()); // the kernel flushes single-path routes over a link that goes down
        lab.Ns.Ip("link set up1 up");
        var result = fib.Reconcile(StaleRoutePolicy.Delete);

        Assert.Equal(1, result.Added);
        Assert.Equal([
            "10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1",
            "10.1.0.2/32 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2",
        ], lab.Routes());
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void WithdrawAllRemovesInstalledAndAdoptedRoutes(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        lab.Ns.Ip("route add 10.7.0.0/16 proto 201 metric 5 via inet6 fe80::1 dev up1");
        using var fib = lab.OpenWriter(mode);
        fib.Reconcile(StaleRoutePolicy.Keep);
        fib.Apply([FibChange.Install(A, lab.ViaLeaf1), FibChange.Install(D, lab.ViaLeaf2)]);

        var result = fib.WithdrawAll();

        Assert.Equal(3, result.Deleted);
        Assert.Equal(0, lab.RouteCount());
        Assert.Equal(0, lab.RouteCount(ipv6: true));
        Assert.Equal(0, fib.DesiredCount);
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void ReadKernelRoutesShowsOurRoutesAsNextHopSets(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);
        fib.Apply([FibChange.Install(A, lab.ViaLeaf2, lab.ViaLeaf1), FibChange.Install(D, lab.ViaLeaf1)]);
        lab.Ns.Ip("route add 10.8.8.8/32 proto static via inet6 fe80::1 dev up1");

        var (routes, error) = fib.ReadKernelRoutes();

        Assert.Null(error);
        Assert.Equal(2, routes.Count);
        Assert.Equal([lab.ViaLeaf1, lab.ViaLeaf2], routes.Single(r => r.Prefix == A).NextHops);
        Assert.Equal([lab.ViaLeaf1], routes.Single(r => r.Prefix == D).NextHops);
        Assert.Equal(fib.DesiredRoutes().Select(r => r.Prefix).Order(), routes.Select(r => r.Prefix).Order());
    }
}
