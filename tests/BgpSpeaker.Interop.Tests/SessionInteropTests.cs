using System.Text.Json;
using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// bgpspeaker against real FRR (Debian's 8.4) in network namespaces: sessions, capabilities,
/// KEEPALIVEs, routes both ways, route refresh and a clean Cease that FRR displays.
/// </summary>
public sealed class SessionInteropTests : InteropTestBase
{
    [Fact]
    public async Task Ipv4SessionNegotiatesCapabilitiesAndExchangesRoutesWithAttributes()
    {
        var (leaf, node) = await Ipv4LabAsync();
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");

        // What FRR negotiated with us.
        var frr = (await leaf.JsonAsync("show bgp neighbors 10.255.1.1 json")).GetProperty("10.255.1.1");
        var caps = frr.GetProperty("neighborCapabilities");
        Assert.Equal("advertisedAndReceived", caps.GetProperty("4byteAs").GetString());
        Assert.Equal("advertisedAndReceived", caps.GetProperty("extendedMessage").GetString());
        Assert.Equal("advertisedAndReceived", caps.GetProperty("enhancedRouteRefresh").GetString());
        Assert.StartsWith("advertisedAndReceived", caps.GetProperty("routeRefresh").GetString());
        Assert.Equal("node-1", caps.GetProperty("hostName").GetProperty("rcvHostName").GetString());
        Assert.Equal(65010, frr.GetProperty("remoteAs").GetInt32());

        // And what we negotiated with FRR.
        var ours = await node.NeighborAsync("leaf1");
        var session = ours.GetProperty("session");
        Assert.Equal(65001, session.GetProperty("peerAs").GetInt32());
        Assert.Equal("10.255.255.1", session.GetProperty("peerRouterId").GetString());
        Assert.Equal("leaf1", session.GetProperty("peerHostname").GetString());
        Assert.Equal(9, session.GetProperty("holdTime").GetInt32());
        Assert.True(session.GetProperty("fourOctetAs").GetBoolean());
        Assert.True(session.GetProperty("enhancedRouteRefresh").GetBoolean());
        Assert.Equal(65535, session.GetProperty("maxMessageSize").GetInt32());
        Assert.Equal(["ipv4-unicast"], session.GetProperty("families").EnumerateArray().Select(f => f.GetString()));

        // FRR has our IPv4 networks, with our AS, next hop self and the communities we set.
        await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("10.0.0.10/32", out _),
            TimeSpan.FromSeconds(15), "leaf1 to receive 10.0.0.10/32", _lab.Diagnostics);
        var path = (await leaf.JsonAsync("show bgp ipv4 unicast 10.0.0.10/32 json")).GetProperty("paths")[0];
        Assert.Equal("65010", path.GetProperty("aspath").GetProperty("string").GetString());
        Assert.Equal("65010:100", path.GetProperty("community").GetProperty("string").GetString());
        Assert.Equal("65010:1:2", path.GetProperty("largeCommunity").GetProperty("string").GetString());
        Assert.Equal("10.255.1.1", path.GetProperty("nexthops")[0].GetProperty("ip").GetString());
        var frrRoutes = (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes");
        Assert.True(frrRoutes.TryGetProperty("192.0.2.100/32", out _));

        // We have FRR's routes (and not our own, which FRR reflects back: an AS loop).
        await Wait.UntilAsync(async () => Routes(await node.ShowAsync("routes")).Count == 2, TimeSpan.FromSeconds(15), "bgpspeaker to hold leaf1's 2 routes", _lab.Diagnostics);
        var routes = Routes(await node.ShowAsync("routes")).ToDictionary(r => r.GetProperty("prefix").GetString()!);
        Assert.Equal(["0.0.0.0/0", "10.1.0.0/16"], routes.Keys.Order());
        Assert.All(routes.Values, r =>
        {
            Assert.Equal("10.255.1.0", r.GetProperty("nextHop").GetString());
            Assert.Equal("65001", r.GetProperty("asPath").GetString());
            Assert.Equal(["65001:7"], r.GetProperty("communities").EnumerateArray().Select(c => c.GetString()));
        });
        Assert.Equal(2, (await node.NeighborAsync("leaf1")).GetProperty("prefixesReceived").GetInt32());
        Assert.Equal(2, (await node.NeighborAsync("leaf1")).GetProperty("prefixesAdvertised").GetInt32());
    }

    [Fact]
    public async Task KeepalivesFlowBothWaysAtTheNegotiatedInterval()
    {
        var (leaf, node) = await Ipv4LabAsync();
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");
        // Keepalive every 3 s: four of them each way within 15 s, with the session up throughout.
        await Wait.UntilAsync(async () =>
        {
            var ours = await node.NeighborAsync("leaf1");
            var frr = (await leaf.JsonAsync("show bgp neighbors 10.255.1.1 json")).GetProperty("10.255.1.1").GetProperty("messageStats");
            return ours.GetProperty("messagesReceived").GetProperty("keepalive").GetInt32() >= 4
                && frr.GetProperty("keepalivesRecv").GetInt32() >= 4;
        }, TimeSpan.FromSeconds(20), "four KEEPALIVEs each way", _lab.Diagnostics);
        Assert.Equal("Established", (await node.NeighborAsync("leaf1")).GetProperty("state").GetString());
        Assert.Equal(0, (await node.NeighborAsync("leaf1")).GetProperty("flaps").GetInt32());
    }

    [Fact]
    public async Task RouteRefreshFromFrrIsAnsweredWithOurRoutesAgain()
    {
        var (leaf, node) = await Ipv4LabAsync();
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");
        await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("10.0.0.10/32", out _),
            TimeSpan.FromSeconds(15), "leaf1 to receive 10.0.0.10/32", _lab.Diagnostics);
        var updatesBefore = (await leaf.JsonAsync("show bgp neighbors 10.255.1.1 json")).GetProperty("10.255.1.1").GetProperty("messageStats").GetProperty("updatesRecv").GetInt32();

        await leaf.VtyshAsync("clear bgp ipv4 unicast 10.255.1.1 soft in");

        await Wait.UntilAsync(async () => (await node.NeighborAsync("leaf1")).GetProperty("messagesReceived").GetProperty("routeRefresh").GetInt32() == 1,
            TimeSpan.FromSeconds(10), "bgpspeaker to receive the ROUTE-REFRESH", _lab.Diagnostics);
        await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp neighbors 10.255.1.1 json")).GetProperty("10.255.1.1").GetProperty("messageStats").GetProperty("updatesRecv").GetInt32() > updatesBefore,
            TimeSpan.FromSeconds(10), "leaf1 to receive our routes again", _lab.Diagnostics);
        Assert.Equal("Established", await leaf.NeighborStateAsync("10.255.1.1"));
        Assert.True((await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("10.0.0.10/32", out _));
    }

    [Fact]
    public async Task StoppingTheDaemonSendsCeaseWithAShutdownCommunicationThatFrrShows()
    {
        var (leaf, node) = await Ipv4LabAsync();
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");
        await node.StopAsync();
        Assert.Equal(0, node.ExitCode);

        await Wait.UntilAsync(async () => await leaf.NeighborStateAsync("10.255.1.1") != "Established", TimeSpan.FromSeconds(10), "leaf1 to see the session end", _lab.Diagnostics);
        var frr = (await leaf.JsonAsync("show bgp neighbors 10.255.1.1 json")).GetProperty("10.255.1.1");
        Assert.Equal("Cease/Administrative Shutdown", frr.GetProperty("lastNotificationReason").GetString());
        Assert.True(leaf.Log().Contains("bgpspeaker stopping", StringComparison.Ordinal), $"FRR did not show the communication:\n{frr}\n{leaf.Log()}");
        Assert.Contains("sent Cease/Administrative Shutdown", node.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6SessionExchangesIpv6RoutesWithGlobalAndLinkLocalNextHops()
    {
        await _lab.AddNamespacesAsync("node", "leaf2");
        await _lab.LinkAsync("node", "eth2", "leaf2", "eth0");
        await _lab.AddressAsync("node", "eth2", "2001:db8:ff:2::1/64");
        await _lab.AddressAsync("leaf2", "eth0", "2001:db8:ff:2::2/64");
        await _lab.AddressAsync("node", "eth2", "fe80::1/64");
        await _lab.AddressAsync("leaf2", "eth0", "fe80::2/64");
        var leaf = await _lab.StartFrrAsync("leaf2", "leaf2", new LeafConfig("leaf2", 65002, "10.255.255.2", "2001:db8:ff:2::1", "ipv6")
        {
            Networks = ["::/0", "2001:db8:1::/48"],
        }.ToString());
        var node = await _lab.StartSpeakerAsync("node", Yaml("""
              - address: 2001:db8:ff:2::2
                remoteAs: 65002
                description: leaf2
                import: accept
                export: accept
            """));
        await EstablishedAsync(leaf, "2001:db8:ff:2::1", node, "leaf2");

        await Wait.UntilAsync(async () => Routes(await node.ShowAsync("routes")).Count == 2, TimeSpan.FromSeconds(15), "bgpspeaker to hold leaf2's routes", _lab.Diagnostics);
        var route = Routes(await node.ShowAsync("routes")).Single(r => r.GetProperty("prefix").GetString() == "2001:db8:1::/48");
        Assert.Equal("2001:db8:ff:2::2 fe80::2", route.GetProperty("nextHop").GetString());

        await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp ipv6 unicast json")).GetProperty("routes").TryGetProperty("2001:db8:100::10/128", out _),
            TimeSpan.FromSeconds(15), "leaf2 to receive 2001:db8:100::10/128", _lab.Diagnostics);
        var path = (await leaf.JsonAsync("show bgp ipv6 unicast 2001:db8:100::10/128 json")).GetProperty("paths")[0];
        Assert.Equal("65010", path.GetProperty("aspath").GetProperty("string").GetString());
        Assert.Equal("2001:db8:ff:2::1", path.GetProperty("nexthops")[0].GetProperty("ip").GetString());
        // IPv4 networks are not sent on an IPv6-only session without RFC 8950.
        Assert.False((await leaf.JsonAsync("show bgp ipv6 unicast json")).GetProperty("routes").TryGetProperty("10.0.0.10/32", out _));
    }
}
