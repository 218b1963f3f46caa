using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>Installing, replacing and deleting routes in a namespace's kernel.</summary>
public class FibWriterTests
{
    private static readonly Prefix NodeOfLeaf = Prefix.Parse("10.1.0.1/32");
    private static readonly Prefix Default = Prefix.Parse("0.0.0.0/0");

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void Ipv4RoutesViaIpv6LinkLocalsGoInWithRtaViaAsEcmpWithThePreferredSource(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);

        var result = fib.Apply([
            FibChange.Install(NodeOfLeaf, lab.ViaLeaf1, lab.ViaLeaf2),
            FibChange.Install(Default, lab.ViaLeaf2, lab.ViaLeaf1),
        ]);

        Assert.Equal((2, 0, 0), (result.Installed, result.Deleted, result.Failed));
        Assert.Equal([
            "0.0.0.0/0 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2",
            "10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2",
        ], lab.Routes());
        Assert.Contains("metric 20", lab.Ns.Ip("route show proto 201"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void Ipv6RoutesUseLinkLocalGatewaysOnTheirInterfaces(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);

        var result = fib.Apply([
            FibChange.Install(Prefix.Parse("2001:db8::/64"), lab.ViaLeaf1, lab.ViaLeaf2),
            FibChange.Install(Prefix.Parse("2001:db8:1::1/128"), lab.ViaLeaf2),
            FibChange.Install(Prefix.Parse("::/0"), lab.ViaLeaf1, lab.ViaLeaf2),
        ]);

        Assert.Equal(3, result.Installed);
        Assert.Empty(result.Failures);
        Assert.Equal([
            "2001:db8:1::1/128 via fe80::2 dev up2",
            "2001:db8::/64 via fe80::1 dev up1; via fe80::2 dev up2",
            "::/0 via fe80::1 dev up1; via fe80::2 dev up2",
        ], lab.Routes(ipv6: true));
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void ReplacingTwoNextHopsWithOneKeepsTheOtherAndNeverLeavesThePrefixWithoutARoute(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);
        using var observer = lab.OpenWriter(mode);
        var v6 = Prefix.Parse("2001:db8::/64");
        fib.Apply([FibChange.Install(NodeOfLeaf, lab.ViaLeaf1, lab.ViaLeaf2), FibChange.Install(v6, lab.ViaLeaf1, lab.ViaLeaf2)]);

        // A second socket reads the table over and over while the next hops change underneath it.
        int observations = 0, gaps = 0;
        bool stop = false, failed = false;
        var watcher = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                var (routes, error) = observer.ReadKernelRoutes();
                failed |= error is not null;
                observations++;
                gaps += routes.Any(r => r.Prefix == NodeOfLeaf) && routes.Any(r => r.Prefix == v6) ? 0 : 1;
            }
        });
        watcher.Start();
        for (int i = 0; i < 300; i++)
        {
            var hops = (i % 3) switch { 0 => new[] { lab.ViaLeaf1 }, 1 => [lab.ViaLeaf2], _ => [lab.ViaLeaf1, lab.ViaLeaf2] };
            var result = fib.Apply([FibChange.Install(NodeOfLeaf, hops), FibChange.Install(v6, hops)]);
            Assert.Empty(result.Failures);
        }
        fib.Apply([FibChange.Install(NodeOfLeaf, lab.ViaLeaf2), FibChange.Install(v6, lab.ViaLeaf2)]);
        Volatile.Write(ref stop, true);
        watcher.Join();

        Assert.False(failed);
        Assert.True(observations > 0);
        Assert.Equal(0, gaps);
        Assert.Equal(["10.1.0.1/32 src 10.0.0.11 via inet6 fe80::2 dev up2"], lab.Routes());
        Assert.Equal(["2001:db8::/64 via fe80::2 dev up2"], lab.Routes(ipv6: true));
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void RemovingAPrefixDeletesOurRouteAndLeavesAnotherProtocolsRouteForIt(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        lab.Ns.Ip("route add 10.1.0.1/32 via inet6 fe80::9 dev up1 proto static");
        using var fib = lab.OpenWriter(mode);
        fib.Apply([FibChange.Install(NodeOfLeaf, lab.ViaLeaf1, lab.ViaLeaf2)]);

        var result = fib.Apply([FibChange.Remove(NodeOfLeaf)]);
        var again = fib.Apply([FibChange.Remove(NodeOfLeaf)]);

        Assert.Equal(1, result.Deleted);
        Assert.Equal((0, 1), (again.Deleted, again.Unchanged));
        Assert.Empty(lab.Routes());
        Assert.Equal(["10.1.0.1/32 via inet6 fe80::9 dev up1"], lab.Routes(selector: "proto static"));
        Assert.Equal(0, fib.DesiredCount);
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void TheSameNextHopsInAnotherOrderCostNoKernelWrite(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);
        fib.Apply([FibChange.Install(NodeOfLeaf, lab.ViaLeaf1, lab.ViaLeaf2)]);
        long requests = fib.Counters.Batch.Requests;

        var result = fib.Apply([FibChange.Install(NodeOfLeaf, lab.ViaLeaf2, lab.ViaLeaf1, lab.ViaLeaf2)]);

        Assert.Equal((0, 1), (result.Installed, result.Unchanged));
        Assert.Equal(requests, fib.Counters.Batch.Requests);
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void TheLastChangeToAPrefixInOneBatchWins(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode);

        fib.Apply([FibChange.Install(NodeOfLeaf, lab.ViaLeaf1), FibChange.Remove(NodeOfLeaf), FibChange.Install(NodeOfLeaf, lab.ViaLeaf2)]);

        Assert.Equal(["10.1.0.1/32 src 10.0.0.11 via inet6 fe80::2 dev up2"], lab.Routes());
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void RefusalsAreReportedPerRouteWithTheirErrnoAndTheRestOfTheBatchGoesIn(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        lab.Ns.Ip("address add fe80::77/64 dev up1 nodad");
        using var fib = lab.OpenWriter(mode);
        var noSuchInterface = Prefix.Parse("10.2.0.1/32");
        var localGateway = Prefix.Parse("10.2.0.2/32");
        var noInterface = Prefix.Parse("10.2.0.3/32");

        var result = fib.Apply([
            FibChange.Install(noSuchInterface, FibNextHop.Ipv6(FibLab.Leaf1, 999)),
            FibChange.Install(localGateway, FibNextHop.Ipv6(IpAddresses.ParseV6("fe80::77"), lab.Up1)),
            FibChange.Install(noInterface, FibNextHop.Ipv6(FibLab.Leaf1, 0)),
            FibChange.Install(NodeOfLeaf, lab.ViaLeaf1),
        ]);

        Assert.Equal(1, result.Installed);
        var failures = result.Failures.ToDictionary(f => f.Prefix);
        Assert.Equal(3, failures.Count);
        // A nexthop object names a missing device "Invalid device index"; an inline next hop says ENODEV.
        var missingDevice = mode == FibNextHopMode.Objects ? Errno.EINVAL : Errno.ENODEV;
        Assert.Equal(missingDevice, failures[noSuchInterface].Error.Errno);
        Assert.Equal(Errno.EINVAL, failures[localGateway].Error.Errno);
        Assert.Contains("local address", failures[localGateway].Error.Detail, StringComparison.Ordinal);
        Assert.Contains("needs an interface", failures[noInterface].Error.Detail, StringComparison.Ordinal);
        Assert.Equal(3, fib.Counters.FailuresByErrno().Values.Sum());
        Assert.Equal(mode == FibNextHopMode.Objects ? 3 : 2, fib.Counters.FailuresByErrno()[Errno.EINVAL]);
        Assert.Equal(["10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1"], lab.Routes());
    }

    [Theory]
    [MemberData(nameof(FibLab.Modes), MemberType = typeof(FibLab))]
    public void AnotherTableAndNoPreferredSourceAreHonoured(FibNextHopMode mode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode, new FibOptions(Table: 100));

        fib.Apply([FibChange.Install(NodeOfLeaf, lab.ViaLeaf1)]);

        Assert.Empty(lab.Routes());
        Assert.Equal(["10.1.0.1/32 via inet6 fe80::1 dev up1"], lab.Routes(selector: "table 100 proto 201"));
        Assert.Equal(0, fib.Reconcile(StaleRoutePolicy.Delete).Added);
    }
}
