using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Platform.Linux.Tests.Lab;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

/// <summary>The link monitor against a real kernel, inside a namespace the test owns.</summary>
public class LinkMonitorTests
{
    [Fact]
    public void TheFirstSnapshotListsExistingLinksThenSaysItIsComplete()
    {
        using var ns = new TestNamespace();
        ns.Ip("link add up1 type veth peer name leaf1");
        using var monitor = ns.Enter(() => LinkMonitor.Open());
        monitor.Start();
        var log = new LinkEventLog(monitor.Events);

        var snapshot = log.WaitForSnapshot();

        Assert.False(snapshot.AfterOverrun);
        var names = log.Links().Values.Select(l => l.Name).Order().ToList();
        Assert.Equal(["leaf1", "lo", "up1"], names);
        Assert.True(log.Links().Values.Single(l => l.Name == "lo").IsUsable);
        Assert.False(log.Links().Values.Single(l => l.Name == "up1").AdminUp);
    }

    [Fact]
    public void AVethPairAppearsGoesUpAndDownAndIsDeleted()
    {
        using var ns = new TestNamespace();
        using var monitor = ns.Enter(() => LinkMonitor.Open());
        monitor.Start();
        var log = new LinkEventLog(monitor.Events);
        log.WaitForSnapshot();

        ns.Ip("link add up1 type veth peer name leaf1");
        var added = log.WaitFor<LinkState>(l => l.Name == "up1", "up1 appears");
        Assert.False(added.AdminUp);

        ns.Ip("link set up1 up");
        ns.Ip("link set leaf1 up");
        var up = log.WaitFor<LinkState>(l => l.Name == "up1" && l.IsUsable, "up1 up with carrier");
        Assert.Equal(added.Index, up.Index);
        Assert.Equal(LinkOperState.Up, up.OperState);

        ns.Ip("link set leaf1 down");
        var noCarrier = log.WaitFor<LinkState>(l => l.Name == "up1" && !l.LowerUp, "up1 loses carrier");
        Assert.True(noCarrier.AdminUp);

        ns.Ip("link set up1 down");
        log.WaitFor<LinkState>(l => l.Name == "up1" && !l.AdminUp, "up1 down");

        ns.Ip("link del up1");
        log.WaitFor<LinkState>(l => l.Name == "up1" && l.Removed, "up1 removed");
        log.WaitFor<LinkState>(l => l.Name == "leaf1" && l.Removed, "leaf1 removed with its peer");
        Assert.Equal(0, monitor.Counters.Malformed);
    }

    // The kernel announces an automatic link-local only when duplicate address detection ends; while it
    // runs, the address shows (tentative) in a dump. So a monitor started during DAD sees both states.
    [Fact]
    public void ALinkLocalAddressIsTentativeUntilDuplicateAddressDetectionEnds()
    {
        using var ns = new TestNamespace();
        ns.Ip("link add up1 type veth peer name leaf1");
        ns.Exec("sysctl", "-qw", "net.ipv6.conf.up1.accept_dad=1");
        ns.Ip("link set leaf1 up");
        ns.Ip("link set up1 up");
        using var monitor = ns.Enter(() => LinkMonitor.Open());
        monitor.Start();
        var log = new LinkEventLog(monitor.Events);

        log.WaitForSnapshot();
        int index = log.Links().Values.Single(l => l.Name == "up1").Index;
        var tentative = log.Seen.OfType<AddressState>().Single(a => a.InterfaceIndex == index && a.IsIpv6LinkLocal);
        Assert.True(tentative.Tentative, tentative.ToString());
        Assert.False(tentative.IsUsable);

        var usable = log.WaitFor<AddressState>(a => a.InterfaceIndex == index && a.IsIpv6LinkLocal && !a.Tentative, "the link-local leaves tentative");
        Assert.Equal(tentative.Address, usable.Address);
        Assert.Equal(64, usable.PrefixLength);
        Assert.True(usable.IsUsable);
        Assert.False(usable.DadFailed);
    }

    [Fact]
    public void AnAddedLinkLocalIsAnnouncedTentativeThenUsable()
    {
        using var ns = new TestNamespace();
        ns.Ip("link add up1 type veth peer name leaf1");
        ns.Exec("sysctl", "-qw", "net.ipv6.conf.up1.accept_dad=1");
        ns.Ip("link set leaf1 up");
        ns.Ip("link set up1 up");
        using var monitor = ns.Enter(() => LinkMonitor.Open());
        monitor.Start();
        var log = new LinkEventLog(monitor.Events);
        log.WaitForSnapshot();
        var wanted = IpAddresses.ParseV6("fe80::1");

        ns.Ip("address add fe80::1/64 dev up1");

        var first = log.WaitFor<AddressState>(a => a.Address == wanted, "fe80::1 announced");
        Assert.True(first.Tentative, first.ToString());
        log.WaitFor<AddressState>(a => a.Address == wanted && a.IsUsable, "fe80::1 usable");
    }

    [Fact]
    public void WithoutDuplicateAddressDetectionTheLinkLocalIsUsableAtOnce()
    {
        using var ns = new TestNamespace();
        ns.Ip("link add up1 type veth peer name leaf1");
        ns.Exec("sysctl", "-qw", "net.ipv6.conf.up1.accept_dad=0");
        using var monitor = ns.Enter(() => LinkMonitor.Open());
        monitor.Start();
        var log = new LinkEventLog(monitor.Events);
        log.WaitForSnapshot();
        int index = log.Links().Values.Single(l => l.Name == "up1").Index;

        ns.Ip("link set leaf1 up");
        ns.Ip("link set up1 up");

        var first = log.WaitFor<AddressState>(a => a.InterfaceIndex == index && a.IsIpv6LinkLocal, "a link-local on up1");
        Assert.False(first.Tentative, first.ToString());
        Assert.True(first.IsUsable);
    }

    [Fact]
    public void IPv4AddressesAreReportedAddedAndRemoved()
    {
        using var ns = new TestNamespace();
        ns.Ip("link add ifb0 type ifb");
        using var monitor = ns.Enter(() => LinkMonitor.Open());
        monitor.Start();
        var log = new LinkEventLog(monitor.Events);
        log.WaitForSnapshot();

        ns.Ip("address add 10.0.0.11/32 dev ifb0");
        var added = log.WaitFor<AddressState>(a => a.Family == Afi.Ipv4 && a.Address == IpAddresses.ParseV4("10.0.0.11"), "10.0.0.11 added");
        Assert.Equal(32, added.PrefixLength);
        ns.Ip("address del 10.0.0.11/32 dev ifb0");
        log.WaitFor<AddressState>(a => a.Removed && a.Address == added.Address, "10.0.0.11 removed");
    }

    [Fact]
    public void AnOverrunIsCountedAndTheRereadReportsWhatChangedMeanwhile()
    {
        using var ns = new TestNamespace();
        var batch = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(batch, Enumerable.Range(0, 40).Select(i => $"link add gone{i} type ifb"));
            ns.Ip($"-batch {batch}");
            // The smallest receive buffer the kernel allows: a few notifications overflow it.
            using var monitor = ns.Enter(() => LinkMonitor.Open(receiveBufferBytes: 1));
            monitor.Start();
            var log = new LinkEventLog(monitor.Events);
            log.WaitForSnapshot();
            Assert.Equal(40, log.Links().Values.Count(l => l.Name.StartsWith("gone", StringComparison.Ordinal)));

            monitor.PausedForTests = true;
            File.WriteAllLines(batch, Enumerable.Range(0, 40).Select(i => $"link del gone{i}")
                .Concat(Enumerable.Range(0, 40).Select(i => $"link add new{i} type ifb")));
            ns.Ip($"-batch {batch}");
            monitor.PausedForTests = false;

            var snapshot = log.WaitFor<LinkSnapshotComplete>(s => s.AfterOverrun, "a re-read after the overrun");
            Assert.True(snapshot.Overruns >= 1);
            Assert.True(monitor.Counters.Overruns >= 1);
            var names = log.Links().Values.Select(l => l.Name).ToList();
            Assert.DoesNotContain(names, n => n.StartsWith("gone", StringComparison.Ordinal));
            Assert.Equal(40, names.Count(n => n.StartsWith("new", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(batch);
        }
    }
}
