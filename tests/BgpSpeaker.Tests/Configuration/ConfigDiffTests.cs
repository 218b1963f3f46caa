using BgpSpeaker.Wire.Messages;
using System.Net;
using BgpSpeaker.Configuration;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

public class ConfigDiffTests
{
    private const string Before = """
        asn: 65010
        routerId: 10.0.0.10
        neighbors:
          - {address: 10.255.0.1, remoteAs: 65001, description: leaf-1}
          - {address: 10.255.1.1, remoteAs: 65002}
          - {address: 10.255.2.1, remoteAs: 65003}
        networks:
          - prefix: 10.0.0.10/32
          - prefix: 10.0.0.11/32
        """;

    [Fact]
    public void ReportsAddedRemovedAndChangedNeighbors()
    {
        var diff = Valid(Before).Diff(Valid("""
            asn: 65010
            routerId: 10.0.0.10
            neighbors:
              - {address: 10.255.0.1, remoteAs: 65001, description: leaf-1 (eth0)}
              - {address: 10.255.1.1, remoteAs: 65002, holdTime: 9}
              - {address: fe80::1%eth2, remoteAs: external}
            networks:
              - prefix: 10.0.0.10/32
                med: 10
              - prefix: 10.0.0.12/32
            """));

        Assert.False(diff.IsEmpty);
        Assert.Equal((false, false, false), (diff.IdentityChanged, diff.HostnameChanged, diff.ListenChanged));
        Assert.Equal(["fe80::1%eth2"], diff.AddedNeighbors.Select(n => n.Key));
        Assert.Equal(["10.255.2.1"], diff.RemovedNeighbors.Select(n => n.Key));

        Assert.Equal(2, diff.ChangedNeighbors.Count);
        var described = diff.ChangedNeighbors[0];
        Assert.Equal(("10.255.0.1", ["description"], false), (described.New.Key, described.Settings, described.RequiresReset));
        var retimed = diff.ChangedNeighbors[1];
        Assert.Equal(("10.255.1.1", ["holdTime", "keepalive"], true), (retimed.New.Key, retimed.Settings, retimed.RequiresReset));
        Assert.Equal(HoldTime.FromSeconds(90), retimed.Old.Timers.HoldTime);

        Assert.Equal([Prefix.Parse("10.0.0.12/32")], diff.AddedNetworks.Select(n => n.Prefix));
        Assert.Equal([Prefix.Parse("10.0.0.11/32")], diff.RemovedNetworks.Select(n => n.Prefix));
        Assert.Equal([10u], diff.ChangedNetworks.Select(n => n.Med));
    }

    [Fact]
    public void GlobalTimerChangeShowsUpOnTheNeighborsThatInheritIt()
    {
        var diff = Valid(Before).Diff(Valid(Before.Replace("neighbors:", "timers: {connectRetry: 10}\nneighbors:", StringComparison.Ordinal)));

        Assert.Equal(3, diff.ChangedNeighbors.Count);
        Assert.All(diff.ChangedNeighbors, c => Assert.Equal(["connectRetry"], c.Settings));
        Assert.All(diff.ChangedNeighbors, c => Assert.False(c.RequiresReset));
    }

    [Fact]
    public void IdleHoldChangeAppliesInPlace()
    {
        var diff = Valid(Before).Diff(Valid(Before.Replace("remoteAs: 65002}", "remoteAs: 65002, idleHold: {initial: 5, max: 300}}", StringComparison.Ordinal)));

        var change = Assert.Single(diff.ChangedNeighbors);
        Assert.Equal(("10.255.1.1", ["idleHold"], false), (change.New.Key, change.Settings, change.RequiresReset));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(300)), (change.New.Timers.IdleHold.Initial, change.New.Timers.IdleHold.Max));
    }

    [Fact]
    public void GlobalIdleHoldChangeShowsUpOnTheNeighborsThatInheritIt()
    {
        const string Own = "remoteAs: 65003, idleHold: {max: 120}}";
        var before = Before.Replace("remoteAs: 65003}", Own, StringComparison.Ordinal);
        var after = before.Replace("neighbors:", "timers: {idleHold: {initial: 2}}\nneighbors:", StringComparison.Ordinal);

        var diff = Valid(before).Diff(Valid(after));

        Assert.Equal(["10.255.0.1", "10.255.1.1", "10.255.2.1"], diff.ChangedNeighbors.Select(c => c.New.Key));
        Assert.All(diff.ChangedNeighbors, c => Assert.Equal(["idleHold"], c.Settings));
        Assert.All(diff.ChangedNeighbors, c => Assert.False(c.RequiresReset));
        Assert.Equal(TimeSpan.FromSeconds(120), diff.ChangedNeighbors[2].New.Timers.IdleHold.Max); // its own max, the new global initial
    }

    [Fact]
    public void IdentityHostnameAndListenChangesAreFlagged()
    {
        var before = Valid(Before);
        var after = before with { RouterId = IPAddress.Parse("10.0.0.99"), Hostname = "renamed", Listen = new ListenConfig { Port = 1179 } };

        var diff = before.Diff(after);

        Assert.Equal((true, true, true), (diff.IdentityChanged, diff.HostnameChanged, diff.ListenChanged));
        Assert.Empty(diff.ChangedNeighbors);
    }

    [Fact]
    public void UnchangedConfigurationHasAnEmptyDiff() =>
        Assert.True(Valid(Before).Diff(Valid(Before + "\n# a comment changes nothing\n")).IsEmpty);

    [Fact]
    public void EveryNeighborSettingIsCompared()
    {
        // A setting added to NeighborConfig but not to the diff would change without anyone noticing.
        var identity = new[] { nameof(NeighborConfig.Address), nameof(NeighborConfig.Interface), nameof(NeighborConfig.Key) };
        int timers = typeof(TimerConfig).GetProperties().Length - 1;   // the timers (idleHold as one), not Default
        int settings = typeof(NeighborConfig).GetProperties().Count(p => !identity.Contains(p.Name)) - 1 + timers;

        Assert.Equal(settings, NeighborChange.ComparedSettings.Count);
    }
}
