using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// The node's job end to end, configured with presets only: two leaves (each its own AS) give it a
/// default route, which it holds as two equal-cost paths; a local load-balancer speaker (FRR standing
/// in for MetalLB) gives it a VIP, which it passes on to both leaves with its own AS in front. The
/// leaves get exactly the node's own routes (never each other's: a node is not transit), the load
/// balancer's non-host routes are refused, and the load balancer gets nothing.
/// </summary>
public sealed class RedistributionInteropTests : InteropTestBase
{
    [Fact]
    public async Task LoadBalancerVipReachesBothLeavesAndTheDefaultRouteIsEcmp()
    {
        await _lab.AddNamespacesAsync("node", "leaf1", "leaf2", "lb");
        await _lab.LinkAsync("node", "eth1", "leaf1", "eth0");
        await _lab.LinkAsync("node", "eth2", "leaf2", "eth0");
        await _lab.LinkAsync("node", "veth-lb", "lb", "eth0");
        await _lab.AddressAsync("node", "eth1", "10.255.1.1/31");
        await _lab.AddressAsync("leaf1", "eth0", "10.255.1.0/31");
        await _lab.AddressAsync("node", "eth2", "10.255.2.1/31");
        await _lab.AddressAsync("leaf2", "eth0", "10.255.2.0/31");
        await _lab.AddressAsync("node", "veth-lb", "169.254.100.1/30");
        await _lab.AddressAsync("lb", "eth0", "169.254.100.2/30");
        var leaf1 = await _lab.StartFrrAsync("leaf1", "leaf1", new LeafConfig("leaf1", 65001, "10.255.255.1", "10.255.1.1", "ipv4") { Networks = ["0.0.0.0/0"] }.ToString());
        var leaf2 = await _lab.StartFrrAsync("leaf2", "leaf2", new LeafConfig("leaf2", 65002, "10.255.255.2", "10.255.2.1", "ipv4") { Networks = ["0.0.0.0/0"] }.ToString());
        var lb = await _lab.StartFrrAsync("lb", "lb", new LeafConfig("lb", 64512, "10.255.255.3", "169.254.100.1", "ipv4") { Networks = ["192.0.2.200/32", "198.51.100.0/24"] }.ToString());
        var node = await _lab.StartSpeakerAsync("node", Yaml("""
              - address: 10.255.1.0
                remoteAs: 65001
                description: leaf1
                import: accept
                export: local-routes
              - address: 10.255.2.0
                remoteAs: 65002
                description: leaf2
                import: accept
                export: local-routes
              - address: 169.254.100.2
                remoteAs: 64512
                description: metallb
                redistribute: true
                import: host-routes
                export: reject
            """));
        await EstablishedAsync(leaf1, "10.255.1.1", node, "leaf1");
        await EstablishedAsync(leaf2, "10.255.2.1", node, "leaf2");
        await EstablishedAsync(lb, "169.254.100.1", node, "metallb");

        foreach (var leaf in new[] { leaf1, leaf2 })
        {
            await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("192.0.2.200/32", out _),
                TimeSpan.FromSeconds(15), $"{leaf.Name} to receive the VIP", _lab.Diagnostics);
            var path = (await leaf.JsonAsync("show bgp ipv4 unicast 192.0.2.200/32 json")).GetProperty("paths")[0];
            Assert.Equal("65010 64512", path.GetProperty("aspath").GetProperty("string").GetString());
        }
        // Both leaves' default routes survive the decision as equal-cost paths (as-path multipath-relax).
        await Wait.UntilAsync(async () => Routes(await node.ShowAsync("routes")).Any(r => r.GetProperty("prefix").GetString() == "0.0.0.0/0" && r.GetProperty("paths").GetInt32() == 2),
            TimeSpan.FromSeconds(15), "the default route over both leaves", _lab.Diagnostics);
        // "show route 0.0.0.0/0": both paths used; the tie-breaker that picked the one we name best is said.
        var decision = (await node.ShowAsync("route 0.0.0.0/0")).GetProperty("paths").EnumerateArray().ToList();
        Assert.Equal(2, decision.Count);
        Assert.All(decision, p => Assert.True(p.GetProperty("multipath").GetBoolean()));
        Assert.Equal("leaf1", Assert.Single(decision, p => p.GetProperty("best").GetBoolean()).GetProperty("peer").GetString());
        Assert.Equal("lost at router id (lower wins)", decision.Single(p => !p.GetProperty("best").GetBoolean()).GetProperty("outcome").GetString());
        // Exactly the node's own routes reach each leaf: its networks and the VIP, not the other leaf's
        // default route, not the load balancer's /24 (host-routes admits /32s only).
        SortedSet<string> expected = ["10.0.0.10/32", "192.0.2.100/32", "192.0.2.200/32"];
        Assert.Equal(expected, await ReceivedFromAsync(leaf1, "ipv4", "10.255.1.1"));
        Assert.Equal(expected, await ReceivedFromAsync(leaf2, "ipv4", "10.255.2.1"));
        Assert.DoesNotContain(Routes(await node.ShowAsync("routes")), r => r.GetProperty("prefix").GetString() == "198.51.100.0/24");
        Assert.Empty(await ReceivedFromAsync(lb, "ipv4", "169.254.100.1"));

        // The VIP leaves with the load balancer's session.
        await lb.SignalBgpdAsync("KILL");
        foreach (var leaf in new[] { leaf1, leaf2 })
        {
            await Wait.UntilAsync(async () => !(await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("192.0.2.200/32", out _),
                TimeSpan.FromSeconds(15), $"{leaf.Name} to lose the VIP", _lab.Diagnostics);
        }
        Assert.True((await leaf1.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("10.0.0.10/32", out _));
    }
}
