using System.Net;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary><c>localPeers</c>: the load-balancer speaker on the node, as dynamic neighbors gated by pools.</summary>
public class LocalPeerConfigTests
{
    private const string MetalLb = """
        localPeers:
          - name: metallb
            ranges: ["169.254.100.0/30"]
            remoteAs: 64600
            pools: ["10.96.0.0/12", "2001:db8:96::/48"]
        """;

    [Fact]
    public void ALocalPeerIsPassiveRedistributedGatedByItsPoolsAndExportsNothing()
    {
        var config = Valid(Header + MetalLb);
        var peer = Assert.Single(config.LocalPeers);
        Assert.Equal("metallb", peer.Name);
        Assert.Equal([Prefix.Parse("169.254.100.0/30")], peer.Ranges);
        Assert.Equal(LocalPeerConfig.DefaultMaxPeers, peer.MaxPeers);
        Assert.Equal(RemoteAs.Of(64600), peer.Session.RemoteAs);
        Assert.True(peer.Session.Passive);
        Assert.True(peer.Session.Redistribute);
        Assert.Equal([AfiSafi.Ipv4Unicast], peer.Session.Families);
        Assert.Equal(10_000u, peer.Session.MaxPrefixes!.Limit);
        Assert.Equal(PolicyPresets.Reject, peer.Session.Export.Name);
        Assert.Equal("localPeers.metallb.import", peer.Session.Import.Name);
        Assert.True(peer.InRange(IPAddress.Parse("169.254.100.2")));
        Assert.True(peer.InRange(IPAddress.Parse("::ffff:169.254.100.1")));
        Assert.False(peer.InRange(IPAddress.Parse("169.254.100.4")));
    }

    [Theory]
    [InlineData("10.96.0.10/32", true)]
    [InlineData("10.111.255.255/32", true)]
    [InlineData("2001:db8:96::10/128", true)]
    [InlineData("10.96.0.0/24", false)] // inside the pool, but not a host route
    [InlineData("10.112.0.1/32", false)] // a host route outside the pool
    [InlineData("192.0.2.1/32", false)]
    [InlineData("2001:db8:97::1/128", false)]
    public void ItsImportAcceptsExactlyTheHostRoutesInsideItsPools(string prefix, bool accepted)
    {
        var config = Valid(Header + MetalLb);
        var import = config.CompilePolicies().Get(config.LocalPeers[0].Session.Import.Name);
        var result = import.Evaluate(new RouteContext(Prefix.Parse(prefix), Attributes(), RouteSource.Redistributed));
        Assert.Equal(accepted, result.IsAccepted);
    }

    [Fact]
    public void ANamedImportPolicyRunsAfterThePoolsGate()
    {
        var config = Valid(Header + MetalLb + """

                import: tag
            policies:
              tag:
                terms:
                  - set: { localPref: 300 }
                    action: accept
            """);
        var import = config.CompilePolicies().Get(config.LocalPeers[0].Session.Import.Name);
        var inside = import.Evaluate(new RouteContext(Prefix.Parse("10.96.0.10/32"), Attributes(), RouteSource.Redistributed));
        Assert.True(inside.IsAccepted);
        Assert.Equal(300u, inside.Attributes!.LocalPref);
        Assert.False(import.Evaluate(new RouteContext(Prefix.Parse("10.112.0.1/32"), Attributes(), RouteSource.Redistributed)).IsAccepted);
    }

    [Fact]
    public void RemoteAsTakesAListOrAnyAndTheInterfaceAlone()
    {
        var config = Valid(Header + """
            localPeers:
              - name: metallb
                interface: lb0
                remoteAs: [64600, 64601]
                maxPeers: 2
                pools: ["10.96.0.0/12"]
              - name: cilium
                ranges: ["fd00:100::/64"]
                remoteAs: any
                pools: ["2001:db8::/32"]
            """);
        var (metallb, cilium) = (config.LocalPeers[0], config.LocalPeers[1]);
        Assert.Equal("lb0", metallb.Interface);
        Assert.Empty(metallb.Ranges);
        Assert.Equal(2, metallb.MaxPeers);
        Assert.True(metallb.Session.RemoteAs.Accepts(64601, 65010));
        Assert.False(metallb.Session.RemoteAs.Accepts(64602, 65010));
        Assert.Equal("64600,64601", metallb.Session.RemoteAs.ToString());
        Assert.Equal(RemoteAs.External, cilium.Session.RemoteAs);
        Assert.Equal([AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], cilium.Session.Families);
    }

    [Theory]
    [InlineData("  - ranges: [\"169.254.100.0/30\"]\n    remoteAs: 64600\n    pools: [\"10.96.0.0/12\"]\n", 4, 5,
        "local peer is missing 'name' (names its sessions, e.g. \"metallb\")")]
    [InlineData("  - name: lb\n    remoteAs: 64600\n    pools: [\"10.96.0.0/12\"]\n", 4, 5,
        "local peer is missing 'ranges' or 'interface' (where the load balancer connects from, e.g. ranges: [\"169.254.100.0/30\"])")]
    [InlineData("  - name: lb\n    ranges: [\"169.254.100.0/30\"]\n    remoteAs: 64600\n", 4, 5,
        "local peer is missing 'pools' (the addresses the load balancer hands out, e.g. [\"10.96.0.0/12\"]: only /32 and /128 inside them are accepted)")]
    [InlineData("  - name: lb\n    ranges: [\"169.254.100.0/30\"]\n    remoteAs: [64600, 65010]\n    pools: [\"10.96.0.0/12\"]\n", 6, 23,
        "remoteAs lists our own AS 65010; a list takes external ASes (for iBGP give the number alone)")]
    [InlineData("  - name: lb\n    ranges: [\"169.254.100.1/30\"]\n    remoteAs: 64600\n    pools: [\"10.96.0.0/12\"]\n", 5, 14,
        "169.254.100.1/30 has host bits set; did you mean 169.254.100.0/30?")]
    [InlineData("  - name: lb\n    ranges: [\"169.254.100.0/30\"]\n    remoteAs: 64600\n    maxPeers: 0\n    pools: [\"10.96.0.0/12\"]\n", 7, 15,
        "maxPeers must be 1..1024, got 0")]
    [InlineData("  - name: lb\n    ranges: [\"169.254.100.0/30\"]\n    remoteAs: 64600\n    pools: [\"10.96.0.0/12\"]\n    import: accept\n", 8, 13,
        "local peer import must name a policy under policies (it runs after the pools check; without import, every host route inside the pools is accepted)")]
    [InlineData("  - name: lb\n    ranges: [\"169.254.100.0/30\"]\n    remoteAs: 64600\n    pools: [\"10.96.0.0/12\"]\n    pasive: true\n", 8, 5,
        "unknown key 'pasive' in local peer")]
    [InlineData("  - name: a b\n    ranges: [\"169.254.100.0/30\"]\n    remoteAs: 64600\n    pools: [\"10.96.0.0/12\"]\n", 4, 11,
        "local peer name must be 1..32 letters, digits, '-' or '_', got 'a b'")]
    public void BadLocalPeersAreNamed(string entry, int line, int column, string message)
    {
        var error = SingleError(Header + "localPeers:\n" + entry, line, column, message);
        Assert.Equal(ConfigAssert.File, error.File);
    }

    [Fact]
    public void TwoEntriesMayNeitherShareANameNorOverlap()
    {
        var errors = Errors(Header + """
            localPeers:
              - name: lb
                ranges: ["169.254.100.0/30"]
                remoteAs: 64600
                pools: ["10.96.0.0/12"]
              - name: lb
                ranges: ["169.254.101.0/30"]
                remoteAs: 64600
                pools: ["10.96.0.0/12"]
              - name: other
                ranges: ["169.254.0.0/16"]
                remoteAs: 64600
                pools: ["10.96.0.0/12"]
            """);
        Assert.Equal(["local peer 'lb' is already defined at line 4", "local peer 'other': its ranges overlap those of 'lb'; a connection must belong to one entry"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void ChangingPoolsIsAPolicyChangeAndChangingRangesWaitsForARestart()
    {
        var before = Valid(Header + MetalLb);
        var pools = before.Diff(Valid(Header + MetalLb.Replace("10.96.0.0/12", "10.96.0.0/16", StringComparison.Ordinal)));
        Assert.False(pools.LocalPeersChanged);
        Assert.Contains("localPeers.metallb.import", pools.ChangedPolicies);
        var ranges = before.Diff(Valid(Header + MetalLb.Replace("169.254.100.0/30", "169.254.100.4/30", StringComparison.Ordinal)));
        Assert.True(ranges.LocalPeersChanged);
        Assert.Contains("localPeers (their pools and import apply now)", ranges.WaitingForRestart());
    }

    private static PathAttributes Attributes() => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(64600),
    };
}
