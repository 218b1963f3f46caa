using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// Peering over IPv6 link-local addresses only, with IPv4 routes carried over IPv6 next hops (RFC 8950):
/// the fabric's way, short of learning the peer's address from Router Advertisements.
/// </summary>
public sealed class LinkLocalInteropTests : InteropTestBase
{
    [Fact]
    public async Task Ipv4RoutesRideLinkLocalNextHopsBothWays()
    {
        await _lab.AddNamespacesAsync("node", "leaf1");
        await _lab.LinkAsync("node", "eth1", "leaf1", "eth0");
        await _lab.AddressAsync("node", "eth1", "fe80::1/64");
        await _lab.AddressAsync("leaf1", "eth0", "fe80::2/64");
        var leaf = await _lab.StartFrrAsync("leaf1", "leaf1", $"""
            frr defaults traditional
            hostname leaf1
            !
            router bgp 65001
             bgp router-id 10.255.255.1
             bgp log-neighbor-changes
             no bgp ebgp-requires-policy
             no bgp network import-check
             neighbor fe80::1 remote-as 65010
             neighbor fe80::1 interface eth0
             neighbor fe80::1 capability extended-nexthop
             neighbor fe80::1 timers 3 9
             neighbor fe80::1 timers connect 1
             address-family ipv4 unicast
              neighbor fe80::1 activate
              network 10.1.0.0/16
             exit-address-family
             address-family ipv6 unicast
              neighbor fe80::1 activate
              network 2001:db8:1::/48
             exit-address-family
            exit
            """);
        var node = await _lab.StartSpeakerAsync("node", Yaml("""
              - address: fe80::2
                interface: eth1
                remoteAs: 65001
                description: leaf1
                import: accept
                export: accept
                families: [ipv4-unicast, ipv6-unicast]
                extendedNextHop: true
            """));
        await EstablishedAsync(leaf, "fe80::1", node, "leaf1");

        var session = (await node.NeighborAsync("leaf1")).GetProperty("session");
        Assert.True(session.GetProperty("extendedNextHop").GetBoolean());
        Assert.Equal(["ipv4-unicast", "ipv6-unicast"], session.GetProperty("families").EnumerateArray().Select(f => f.GetString()));

        // FRR took our IPv4 /32 with our link-local address as next hop.
        await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("10.0.0.10/32", out _),
            TimeSpan.FromSeconds(15), "leaf1 to receive 10.0.0.10/32 over RFC 8950", _lab.Diagnostics);
        var path = (await leaf.JsonAsync("show bgp ipv4 unicast 10.0.0.10/32 json")).GetProperty("paths")[0];
        var nextHops = path.GetProperty("nexthops").EnumerateArray().Select(n => n.GetProperty("ip").GetString()).ToList();
        Assert.Contains("fe80::1", nextHops);
        Assert.True(path.GetProperty("valid").GetBoolean());

        // And we took FRR's IPv4 route with its link-local next hop.
        await Wait.UntilAsync(async () => Routes(await node.ShowAsync("routes")).Count == 2,
            TimeSpan.FromSeconds(15), "bgpspeaker to receive leaf1's IPv4 and IPv6 routes", _lab.Diagnostics);
        var routes = Routes(await node.ShowAsync("routes")).ToDictionary(r => r.GetProperty("prefix").GetString()!);
        Assert.Contains("fe80::2", routes["10.1.0.0/16"].GetProperty("nextHop").GetString(), StringComparison.Ordinal);
        Assert.Contains("fe80::2", routes["2001:db8:1::/48"].GetProperty("nextHop").GetString(), StringComparison.Ordinal);
    }
}
