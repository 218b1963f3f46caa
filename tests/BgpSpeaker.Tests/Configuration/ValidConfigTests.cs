using BgpSpeaker.Wire.Messages;
using System.Net;
using BgpSpeaker.Configuration;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

public class ValidConfigTests
{
    private const string FullExample = """
        asn: 65010
        routerId: 10.0.0.10
        hostname: node-1
        listen:
          port: 1179
          addresses: ["0.0.0.0", "::"]
        timers:
          holdTime: 90
          keepalive: 30
          connectRetry: 5
        neighbors:
          - address: 10.255.0.1
            remoteAs: 65001
            description: leaf-1
            passive: false
            holdTime: 9
            keepalive: 3
            connectRetry: 2
            idleHold: {initial: 2, max: 30}
            password: secret
            ttlSecurity: true
            families: [ipv4-unicast, ipv6-unicast]
            extendedNextHop: true
            maxPrefixes:
              limit: 1000
              warningPercent: 80
              restartAfter: 30
            delayOpen: 0
            shutdown: false
            shutdownMessage: "maintenance"
            import: accept
            export: reject
          - address: fe80::1%eth0
            remoteAs: external
          - address: fe80::2
            interface: eth1
            remoteAs: internal
            shutdown: true
        networks:
          - prefix: 10.0.0.10/32
            communities: ["65010:100", no-export]
            largeCommunities: ["65010:1:2"]
            med: 0
          - prefix: 2001:db8::/64
        """;

    [Fact]
    public void FullExampleReadsEverySetting()
    {
        var config = Valid(FullExample);

        Assert.Equal(65010u, config.Asn);
        Assert.Equal(IPAddress.Parse("10.0.0.10"), config.RouterId);
        Assert.Equal("node-1", config.Hostname);
        Assert.Equal(1179, config.Listen.Port);
        Assert.Equal([IPAddress.Any, IPAddress.IPv6Any], config.Listen.Addresses);
        Assert.Equal(TimerConfig.Default, config.Timers);

        var leaf = config.Neighbors[0];
        Assert.Equal(IPAddress.Parse("10.255.0.1"), leaf.Address);
        Assert.Null(leaf.Interface);
        Assert.Equal("10.255.0.1", leaf.Key);
        Assert.Equal(RemoteAs.Of(65001), leaf.RemoteAs);
        Assert.Equal("leaf-1", leaf.Description);
        Assert.False(leaf.Passive);
        Assert.Equal(new TimerConfig { HoldTime = HoldTime.FromSeconds(9), Keepalive = S(3), ConnectRetry = S(2), IdleHold = new IdleHoldConfig { Initial = S(2), Max = S(30) } }, leaf.Timers);
        Assert.Equal("secret", leaf.Password?.Value);
        Assert.True(leaf.TtlSecurity);
        Assert.Equal([AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], leaf.Families);
        Assert.True(leaf.ExtendedNextHop);
        Assert.Equal(new MaxPrefixConfig { Limit = 1000, WarningPercent = 80, RestartAfter = S(30) }, leaf.MaxPrefixes);
        Assert.Equal(800u, leaf.MaxPrefixes!.WarningThreshold);
        Assert.Equal(TimeSpan.Zero, leaf.DelayOpen);
        Assert.False(leaf.Shutdown);
        Assert.Equal("maintenance", leaf.ShutdownMessage);
        Assert.Equal(PolicyReference.Accept, leaf.Import);
        Assert.Equal(PolicyReference.Reject, leaf.Export);
        Assert.False(leaf.Redistribute);

        var scoped = config.Neighbors[1];
        Assert.Equal((IPAddress.Parse("fe80::1"), "eth0", "fe80::1%eth0"), (scoped.Address, scoped.Interface, scoped.Key));
        Assert.Equal(RemoteAs.External, scoped.RemoteAs);

        var withInterface = config.Neighbors[2];
        Assert.Equal("fe80::2%eth1", withInterface.Key);
        Assert.True(withInterface.RemoteAs.IsInternal(65010));
        Assert.True(withInterface.Shutdown);

        var node = config.Networks[0];
        Assert.Equal(Prefix.Parse("10.0.0.10/32"), node.Prefix);
        Assert.Equal([new Community(65010, 100), Community.NoExport], node.Communities);
        Assert.Equal([new LargeCommunity(65010, 1, 2)], node.LargeCommunities);
        Assert.Equal(0u, node.Med);
        Assert.Equal(Prefix.Parse("2001:db8::/64"), config.Networks[1].Prefix);
    }

    [Fact]
    public void MinimalConfigGetsTheDocumentedDefaults()
    {
        var config = Valid(Header);

        Assert.Null(config.Hostname);
        Assert.Equal(179, config.Listen.Port);
        Assert.Equal([IPAddress.Any, IPAddress.IPv6Any], config.Listen.Addresses);
        Assert.Equal(new TimerConfig { HoldTime = HoldTime.FromSeconds(90), Keepalive = S(30), ConnectRetry = S(5) }, config.Timers);
        Assert.Equal((S(1), S(60)), (config.Timers.IdleHold.Initial, config.Timers.IdleHold.Max));
        Assert.Empty(config.Neighbors);
        Assert.Empty(config.Networks);
    }

    [Fact]
    public void NeighborDefaultsDependOnTheAddressFamily()
    {
        var config = Valid(Header + """
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
              - address: 2001:db8::1
                remoteAs: 65002
            """);

        var v4 = config.Neighbors[0];
        Assert.Equal([AfiSafi.Ipv4Unicast], v4.Families);
        Assert.False(v4.ExtendedNextHop);
        Assert.Equal(TimerConfig.Default, v4.Timers);
        Assert.Equal((false, false, false, null, null), (v4.Passive, v4.TtlSecurity, v4.Shutdown, v4.Password, v4.MaxPrefixes));
        // RFC 8212: eBGP neighbors without policies send and accept nothing.
        Assert.Equal((PolicyReference.Reject, PolicyReference.Reject, TimeSpan.Zero), (v4.Import, v4.Export, v4.DelayOpen));

        var v6 = config.Neighbors[1];
        Assert.Equal([AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], v6.Families);
        Assert.True(v6.ExtendedNextHop);
    }

    [Theory]
    [InlineData("timers: {holdTime: 9}", "", 9, 3, 5)]                             // keepalive = holdTime / 3
    [InlineData("timers: {holdTime: 30, keepalive: 5}", "", 30, 5, 5)]
    [InlineData("timers: {keepalive: 20, connectRetry: 7}", "", 90, 20, 7)]
    [InlineData("timers: {holdTime: 30, keepalive: 5}", "holdTime: 9", 9, 3, 5)]   // not the global keepalive
    [InlineData("timers: {holdTime: 30, keepalive: 5}", "keepalive: 10", 30, 10, 5)]
    [InlineData("timers: {holdTime: 0}", "", 0, 0, 5)]                              // no KEEPALIVEs without a hold timer
    [InlineData("timers: {holdTime: 9}", "holdTime: 0", 0, 0, 5)]
    public void NeighborTimersInheritFromTheGlobalDefaults(string global, string neighbor, int hold, int keepalive, int retry)
    {
        string extra = neighbor.Length > 0 ? ", " + neighbor : "";
        var config = Valid($$"""
            asn: 65010
            routerId: 10.0.0.10
            {{global}}
            neighbors:
              - {address: 10.255.0.1, remoteAs: 65001{{extra}}}
            """);

        Assert.Equal(new TimerConfig { HoldTime = HoldTime.FromSeconds((ulong)hold), Keepalive = S(keepalive), ConnectRetry = S(retry) }, config.Neighbors[0].Timers);
    }

    /// <summary><c>idleHold</c>'s keys are inherited one by one, like the other timers, from the global <c>timers</c>.</summary>
    [Theory]
    [InlineData("", "", 1, 60)]                                                          // the defaults
    [InlineData("timers: {idleHold: {initial: 5, max: 120}}", "", 5, 120)]
    [InlineData("timers: {idleHold: {initial: 5, max: 120}}", "idleHold: {max: 30}", 5, 30)]
    [InlineData("timers: {idleHold: {max: 300}}", "idleHold: {initial: 10}", 10, 300)]
    [InlineData("timers: {idleHold: {initial: 2}}", "idleHold: {initial: 60, max: 60}", 60, 60)] // initial = max: a constant hold
    [InlineData("timers: {idleHold: {initial: 3600, max: 3600}}", "", 3600, 3600)]        // the largest allowed
    [InlineData("", "idleHold: {initial: \"3\"}", 3, 60)]                               // quoting does not matter
    [InlineData("timers: {idleHold: {}}", "idleHold: null", 1, 60)]                       // empty and null set nothing
    public void IdleHoldInheritsKeyByKey(string global, string neighbor, int initial, int max)
    {
        string extra = neighbor.Length > 0 ? ", " + neighbor : "";
        var config = Valid($$"""
            asn: 65010
            routerId: 10.0.0.10
            {{global}}
            neighbors:
              - {address: 10.255.0.1, remoteAs: 65001{{extra}}}
            """);

        Assert.Equal(new IdleHoldConfig { Initial = S(initial), Max = S(max) }, config.Neighbors[0].Timers.IdleHold);
    }

    [Theory]
    [InlineData("65010", 65010u)]
    [InlineData("\"65010\"", 65010u)]
    [InlineData("4294967295", 4294967295u)]
    [InlineData("1.10", 65546u)]                       // asdot (RFC 5396)
    public void AsnAcceptsAsplainAndAsdot(string text, uint expected) =>
        Assert.Equal(expected, Valid($"asn: {text}\nrouterId: 10.0.0.10\n").Asn);

    [Fact]
    public void NullValuesReadAsNotSet()
    {
        var config = Valid(Header + "hostname:\nlisten: ~\nneighbors: null\n");

        Assert.Null(config.Hostname);
        Assert.Equal(ListenConfig.Default, config.Listen);
        Assert.Empty(config.Neighbors);
    }

    [Fact]
    public void AnchorsAndAliasesShareSettings()
    {
        var config = Valid(Header + """
            neighbors:
              - &leaf {address: 10.255.0.1, remoteAs: external, ttlSecurity: true}
              - {address: 10.255.1.1, remoteAs: external, ttlSecurity: true}
            """);

        Assert.All(config.Neighbors, n => Assert.True(n.TtlSecurity));
    }

    [Fact]
    public void PasswordIsKeptOutOfPrintedRecords()
    {
        var neighbor = Valid(Header + "neighbors: [{address: 10.255.0.1, remoteAs: 1, password: hunter2}]").Neighbors[0];

        Assert.DoesNotContain("hunter2", neighbor.ToString(), StringComparison.Ordinal);
        Assert.Equal("hunter2", neighbor.Password!.Value);
    }

    [Fact]
    public void ShippedExampleIsValid()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "bgpspeaker.yaml");
        var result = ConfigLoader.Load(path, new Dictionary<string, string>());

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var config = result.Config;
        Assert.Equal(2, config.Neighbors.Count);
        Assert.All(config.Neighbors, n => Assert.Equal(RemoteAs.External, n.RemoteAs));
        Assert.Equal(Prefix.Parse("10.0.0.10/32"), Assert.Single(config.Networks).Prefix);
        Assert.Empty(result.Warnings);
        Assert.Equal(("no-bogons", "tag-node"), (config.Neighbors[0].Import.Name, config.Neighbors[0].Export.Name));
        Assert.Equal((PolicyReference.Accept, new PolicyReference("local-routes")), (config.Neighbors[1].Import, config.Neighbors[1].Export));
        // The local peer's pools become a prefix list and a gate policy of their own.
        Assert.Equal(["node", "bogons", "localPeers.metallb.pools"], config.PrefixLists.Select(l => l.Name));
        var metallb = Assert.Single(config.LocalPeers);
        Assert.Equal(("lb0", 2, "localPeers.metallb.import"), (metallb.Interface, metallb.MaxPeers, metallb.Session.Import.Name));
        var library = config.CompilePolicies();
        Assert.NotNull(library.Get(metallb.Session.Import.Name));
        Assert.All(config.Neighbors, n => Assert.NotNull(library.Get(n.Import.Name)));
        Assert.All(config.Neighbors, n => Assert.NotNull(library.Get(n.Export.Name)));
    }

    [Fact]
    public void SameTextGivesEqualConfigurations()
    {
        Assert.Equal(Valid(FullExample), Valid(FullExample));
        Assert.True(Valid(FullExample).Diff(Valid(FullExample)).IsEmpty);
    }

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);
}
