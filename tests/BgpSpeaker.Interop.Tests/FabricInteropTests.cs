using System.Text.Json;
using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// The node's main job: bgpspeaker between two FRR leaves, unnumbered. The uplinks carry only IPv6
/// link-local addresses — the same one on both node ports, the same one on both leaves, as a fabric
/// may well have — and the daemon learns each leaf from its Router Advertisements, peers with
/// fe80::ff:fe00:1%up1 and fe80::ff:fe00:1%up2, announces the node /32 and the API VIP, and installs the leaves'
/// routes in the node's kernel as ECMP via both link-local next hops, with the node /32 as source.
/// </summary>
public sealed class FabricInteropTests : InteropTestBase
{
    private const string NodeAddress = "10.0.0.11";
    private const string Vip = "10.0.0.100";
    private const string NodeMac = "02:00:00:00:00:0a";  // fe80::ff:fe00:a on both uplinks
    private const string LeafMac = "02:00:00:00:00:01";  // fe80::ff:fe00:1 on both leaves
    private const string LeafLinkLocal = "fe80::ff:fe00:1";

    /// <param name="spine">Also peer unnumbered with a spine on eth1.</param>
    private static string LeafConfig(string name, uint asn, string loopback, bool spine = false) => $"""
        frr defaults traditional
        hostname {name}
        log timestamp precision 3
        !
        router bgp {asn}
         bgp router-id {loopback}
         bgp log-neighbor-changes
         no bgp ebgp-requires-policy
         no bgp network import-check
         neighbor eth0 interface remote-as external
         neighbor eth0 timers 3 9
         neighbor eth0 timers connect 1
        {(spine ? " neighbor eth1 interface remote-as external\n neighbor eth1 timers 3 9\n neighbor eth1 timers connect 1\n" : "")} address-family ipv4 unicast
          network {loopback}/32
          neighbor eth0 default-originate
         exit-address-family
         address-family ipv6 unicast
          neighbor eth0 activate
         exit-address-family
        exit
        """;

    private const string SpineLoopback = "10.255.254.1";

    private const string SpineConfig = $"""
        frr defaults traditional
        hostname spine
        log timestamp precision 3
        !
        router bgp 65100
         bgp router-id {SpineLoopback}
         bgp log-neighbor-changes
         no bgp ebgp-requires-policy
         no bgp network import-check
         bgp bestpath as-path multipath-relax
         neighbor s1 interface remote-as external
         neighbor s2 interface remote-as external
         address-family ipv4 unicast
          network {SpineLoopback}/32
         exit-address-family
        exit
        """;

    private const string NodeConfig = $$"""
        asn: 4200000011
        routerId: {{NodeAddress}}
        hostname: node-11
        timers: { holdTime: 9, keepalive: 3, connectRetry: 1 }
        fabric:
          interfaces: ["up*"]
          remoteAs: external
          import: accept
          export: local-routes
        fib:
          preferredSource: {{NodeAddress}}
        metrics:
          listen: 127.0.0.1:9179
        networks:
          - prefix: {{NodeAddress}}/32
          - prefix: {{Vip}}/32
        """;

    /// <summary>node —up1— leaf1 (AS 65001), node —up2— leaf2 (AS 65002); link-local addresses only on the links.</summary>
    /// <param name="up2Later">up2's node end waits in leaf2's namespace until <see cref="PlugUp2Async"/> moves it to the node.</param>
    /// <param name="spine">A spine above both leaves (unnumbered too), announcing its loopback.</param>
    /// <param name="nodeConfig">The node's configuration, <see cref="NodeConfig"/> unless given.</param>
    private async Task<(Frr Leaf1, Frr Leaf2, Speaker Node)> FabricAsync(bool up2Later = false, bool spine = false, string? nodeConfig = null)
    {
        await _lab.AddNamespacesAsync("node", "leaf1", "leaf2");
        if (spine)
        {
            await _lab.AddNamespacesAsync("spine");
            foreach (var (port, leaf) in new[] { ("s1", "leaf1"), ("s2", "leaf2") })
            {
                await Shell.Ip("link", "add", port, "netns", _lab.Namespace("spine"), "type", "veth", "peer", "name", "eth1", "netns", _lab.Namespace(leaf));
                await Shell.Ip("-n", _lab.Namespace("spine"), "link", "set", port, "up");
                await Shell.Ip("-n", _lab.Namespace(leaf), "link", "set", "eth1", "up");
            }
            await _lab.AddressAsync("spine", "lo", $"{SpineLoopback}/32");
            foreach (var leaf in new[] { "leaf1", "leaf2" })
            {
                await Shell.RunAsync("ip", ["netns", "exec", _lab.Namespace(leaf), "sysctl", "-qw", "net.ipv4.ip_forward=1"]); // leaves route between node and spine
            }
            await _lab.StartFrrAsync("spine", "spine", SpineConfig);
        }
        foreach (var (up, leaf) in new[] { ("up1", "leaf1"), ("up2", "leaf2") })
        {
            // Link-locals generated from the MAC (EUI-64), as on a real node: regenerated, with duplicate
            // address detection, whenever the link comes back. Same MACs on both sides of each pair.
            string nodeSide = up == "up2" && up2Later ? leaf : "node";
            await Shell.Ip("link", "add", up, "netns", _lab.Namespace(nodeSide), "address", NodeMac, "type", "veth",
                "peer", "name", "eth0", "netns", _lab.Namespace(leaf), "address", LeafMac);
            await Shell.Ip("-n", _lab.Namespace(nodeSide), "link", "set", up, "up");
            await Shell.Ip("-n", _lab.Namespace(leaf), "link", "set", "eth0", "up");
        }
        await _lab.AddressAsync("node", "lo", $"{NodeAddress}/32");
        await _lab.AddressAsync("node", "lo", $"{Vip}/32");
        await _lab.AddressAsync("leaf1", "lo", "10.255.255.1/32");
        await _lab.AddressAsync("leaf2", "lo", "10.255.255.2/32");
        var leaf1 = await _lab.StartFrrAsync("leaf1", "leaf1", LeafConfig("leaf1", 65001, "10.255.255.1", spine));
        var leaf2 = await _lab.StartFrrAsync("leaf2", "leaf2", LeafConfig("leaf2", 65002, "10.255.255.2", spine));
        var node = await _lab.StartSpeakerAsync("node", nodeConfig ?? NodeConfig);
        return (leaf1, leaf2, node);
    }

    /// <summary>A new uplink appears on the running node: up2 moves into its namespace and comes up.</summary>
    private async Task PlugUp2Async()
    {
        await Shell.Ip("-n", _lab.Namespace("leaf2"), "link", "set", "up2", "netns", _lab.Namespace("node"));
        await NodeIp("link", "set", "up2", "up");
    }

    private Task<string> NodeIp(params string[] args) => Shell.Ip(["-n", _lab.Namespace("node"), .. args]);

    /// <summary>The node's kernel default route of our protocol, as "via DEV" strings, with its source.</summary>
    private async Task<(string[] Via, string? Source)> NodeDefaultAsync()
    {
        var routes = JsonDocument.Parse(await NodeIp("-j", "route", "show", "default", "proto", "201")).RootElement;
        if (routes.GetArrayLength() == 0)
        {
            return ([], null);
        }
        var route = routes[0];
        string? source = route.TryGetProperty("prefsrc", out var s) ? s.GetString() : null;
        var hops = route.TryGetProperty("nexthops", out var list) ? list.EnumerateArray().ToList() : [route];
        // RTA_VIA (an IPv4 route via an IPv6 next hop) shows as "via": {family, host}; a plain gateway as "gateway".
        static string Gateway(JsonElement hop) => hop.TryGetProperty("via", out var v) ? v.GetProperty("host").GetString()! : hop.GetProperty("gateway").GetString()!;
        return ([.. hops.Select(h => $"{Gateway(h)} {h.GetProperty("dev").GetString()}").Order()], source);
    }

    private async Task EstablishedAsync(Speaker node, params string[] ports) =>
        await Wait.UntilAsync(async () =>
        {
            var neighbors = (await node.ShowAsync("neighbors")).GetProperty("neighbors").EnumerateArray().ToList();
            return ports.All(p => neighbors.Any(n => n.GetProperty("name").GetString() == p && n.GetProperty("state").GetString() == "Established"));
        }, TimeSpan.FromSeconds(30), $"sessions on {string.Join(", ", ports)} to be Established", _lab.Diagnostics);

    /// <summary>Succeeds when one of <paramref name="count"/> echoes (0.5 s apart) is answered.</summary>
    private async Task PingAsync(string fromNs, string source, string target, int count = 1) =>
        await Shell.RunAsync("ip", ["netns", "exec", _lab.Namespace(fromNs), "ping", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "0.5", "-W", "2", "-I", source, target]);

    [Fact]
    public async Task TheNodePeersWithBothLeavesUnnumberedInstallsEcmpAndPingsThrough()
    {
        var (leaf1, leaf2, node) = await FabricAsync();
        await EstablishedAsync(node, "up1", "up2");

        // The node's kernel: the leaves' default route over both link-local next hops, from the node /32.
        await Wait.UntilAsync(async () => (await NodeDefaultAsync()).Via.Length == 2, TimeSpan.FromSeconds(10), "an ECMP default route in the node's kernel",
            () => $"{NodeIp("route").Result}\n{_lab.Diagnostics()}");
        var (via, source) = await NodeDefaultAsync();
        Assert.Equal([$"{LeafLinkLocal} up1", $"{LeafLinkLocal} up2"], via);
        Assert.Equal(NodeAddress, source);

        // show fib: what we installed is what the kernel holds.
        var fib = await node.ShowAsync("fib");
        Assert.True(fib.GetProperty("inSync").GetBoolean(), fib.ToString());
        var defaultRoute = fib.GetProperty("routes").EnumerateArray().Single(r => r.GetProperty("prefix").GetString() == "0.0.0.0/0");
        Assert.Equal([$"via {LeafLinkLocal} dev up1", $"via {LeafLinkLocal} dev up2"], defaultRoute.GetProperty("nextHops").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(fib.GetProperty("desired").GetInt32(), fib.GetProperty("inKernel").GetInt32());

        // Each leaf holds the node /32 and the VIP, learned over its interface, in BGP and in its kernel.
        foreach (var (leaf, ns) in new[] { (leaf1, "leaf1"), (leaf2, "leaf2") })
        {
            await Wait.UntilAsync(async () =>
            {
                var routes = (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes");
                return routes.TryGetProperty($"{NodeAddress}/32", out _) && routes.TryGetProperty($"{Vip}/32", out _);
            }, TimeSpan.FromSeconds(15), $"{ns} to learn the node /32 and the VIP", _lab.Diagnostics);
            var kernel = await Shell.Ip("-n", _lab.Namespace(ns), "route", "show", $"{NodeAddress}/32");
            Assert.Contains("dev eth0", kernel, StringComparison.Ordinal);
        }

        // Traffic both ways between the node /32 and each leaf's loopback.
        await PingAsync("node", NodeAddress, "10.255.255.1");
        await PingAsync("node", NodeAddress, "10.255.255.2");
        await PingAsync("leaf1", "10.255.255.1", NodeAddress);
        await PingAsync("leaf2", "10.255.255.2", Vip);

        // show summary counts router discovery and kernel writes.
        var summary = await node.ShowAsync("summary");
        Assert.True(summary.GetProperty("routerDiscovery").GetProperty("advertisementsReceived").GetInt64() >= 2, summary.ToString());
        Assert.True(summary.GetProperty("routerDiscovery").GetProperty("advertisementsSent").GetInt64() >= 2, summary.ToString());
        Assert.Equal(0, summary.GetProperty("routerDiscovery").GetProperty("malformedDropped").GetInt64());
        Assert.True(summary.GetProperty("fib").GetProperty("routesInstalled").GetInt64() >= 3, summary.ToString()); // default + 2 loopbacks
        Assert.Equal(0, summary.GetProperty("fib").GetProperty("failures").GetInt64());

        // show neighbors names each port, the leaf it learned, and the session.
        var up1 = await node.NeighborAsync("up1");
        var port = up1.GetProperty("interface");
        Assert.Equal(LeafLinkLocal, port.GetProperty("peerAddress").GetString());
        Assert.Equal($"up1: peer {LeafLinkLocal}", port.GetProperty("state").GetString());
        Assert.Equal(65001, up1.GetProperty("session").GetProperty("peerAs").GetInt32());
        Assert.True(up1.GetProperty("session").GetProperty("extendedNextHop").GetBoolean());
    }

    [Fact]
    public async Task AnUplinkGoingDownLeavesTheKernelRouteAtOnceAndTrafficKeepsFlowingAHundredTimes()
    {
        var (leaf1, _, node) = await FabricAsync();
        await EstablishedAsync(node, "up1", "up2");
        await Wait.UntilAsync(async () => (await NodeDefaultAsync()).Via.Length == 2, TimeSpan.FromSeconds(10), "an ECMP default route", _lab.Diagnostics);

        const int Flaps = 100;
        for (int flap = 0; flap < Flaps; flap++)
        {
            await NodeIp("link", "set", "up1", "down");
            await Wait.UntilAsync(async () => (await NodeDefaultAsync()).Via.SequenceEqual([$"{LeafLinkLocal} up2"]), TimeSpan.FromSeconds(2),
                $"up1's next hop to leave the default route (flap {flap})", _lab.Diagnostics);
            await PingAsync("node", NodeAddress, "10.255.255.2");
            var up1 = await node.NeighborAsync("up1");
            Assert.Equal("Idle", up1.GetProperty("state").GetString());
            Assert.Contains("link down", up1.GetProperty("lastDown").GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal("up1: link down", up1.GetProperty("interface").GetProperty("state").GetString());

            await NodeIp("link", "set", "up1", "up");
            await EstablishedAsync(node, "up1", "up2");
            await Wait.UntilAsync(async () => (await NodeDefaultAsync()).Via.Length == 2, TimeSpan.FromSeconds(10),
                $"both next hops back (flap {flap})", _lab.Diagnostics);
            // leaf1 has the node /32 again, over its interface.
            await Wait.UntilAsync(async () => (await leaf1.JsonAsync($"show bgp ipv4 unicast {NodeAddress}/32 json")).TryGetProperty("paths", out _),
                TimeSpan.FromSeconds(10), $"leaf1 to hold the node /32 again (flap {flap})", _lab.Diagnostics);
            // What we want installed is what the kernel has: nothing left over from the flap, nothing missing.
            await Wait.UntilAsync(async () => (await node.ShowAsync("fib")).GetProperty("inSync").GetBoolean(), TimeSpan.FromSeconds(5),
                $"show fib in sync after flap {flap}", () => $"{node.ShowAsync("fib").Result}\n{_lab.Diagnostics()}");
        }
    }

    [Fact]
    public async Task TheSpineLoopbackIsReachedOverBothLeavesAndReachesTheNodeBack()
    {
        var (_, _, node) = await FabricAsync(spine: true);
        await EstablishedAsync(node, "up1", "up2");
        // The spine's loopback comes over both leaves with equally long paths: ECMP in the node's kernel.
        await Wait.UntilAsync(async () => (await NodeIp("route", "show", $"{SpineLoopback}/32", "proto", "201")).Split("nexthop via").Length == 3,
            TimeSpan.FromSeconds(30), "the spine loopback via both leaves in the node's kernel", () => $"{NodeIp("route").Result}\n{_lab.Diagnostics()}");
        await Wait.UntilAsync(async () => (await Shell.Ip("-n", _lab.Namespace("spine"), "route", "show", $"{NodeAddress}/32")).Length > 0,
            TimeSpan.FromSeconds(30), "the node /32 in the spine's kernel", _lab.Diagnostics);
        await PingAsync("node", NodeAddress, SpineLoopback);
        await PingAsync("spine", SpineLoopback, NodeAddress);
    }

    [Fact]
    public async Task AnUplinkThatAppearsWhileTheDaemonRunsGetsItsSession()
    {
        var (_, _, node) = await FabricAsync(up2Later: true);
        await EstablishedAsync(node, "up1");
        Assert.DoesNotContain((await node.ShowAsync("neighbors")).GetProperty("neighbors").EnumerateArray(), n => n.GetProperty("name").GetString() == "up2");

        await PlugUp2Async();
        await EstablishedAsync(node, "up1", "up2");
        await Wait.UntilAsync(async () => (await NodeDefaultAsync()).Via.Length == 2, TimeSpan.FromSeconds(10), "the new uplink's next hop in the default route", _lab.Diagnostics);
        Assert.Equal([$"{LeafLinkLocal} up1", $"{LeafLinkLocal} up2"], (await NodeDefaultAsync()).Via);
    }

    [Fact]
    public async Task ALeafThatChangesItsLinkLocalIsFollowedAndOnlyItsSessionResets()
    {
        var (_, _, node) = await FabricAsync();
        await EstablishedAsync(node, "up1", "up2");
        long up1Flaps = (await NeighborAsync(node, "up1")).GetProperty("flaps").GetInt64();

        // leaf2 takes a new link-local and drops its EUI-64 one: its RAs and its connections now come from
        // fe80::2, the old address answers nothing. The node follows once the old one has been silent for
        // 30 s (a second router on the link is not taken for a change before that); meanwhile the session
        // may already have come back on the leaf's own connection from fe80::2, and is then kept.
        await Shell.Ip("-n", _lab.Namespace("leaf2"), "address", "add", "fe80::2/64", "dev", "eth0", "nodad");
        await Shell.Ip("-n", _lab.Namespace("leaf2"), "address", "del", $"{LeafLinkLocal}/64", "dev", "eth0");
        await Wait.UntilAsync(async () =>
        {
            var up2 = await NeighborAsync(node, "up2");
            return up2.GetProperty("state").GetString() == "Established" && up2.GetProperty("interface").GetProperty("peerAddress").GetString() == "fe80::2";
        }, TimeSpan.FromSeconds(90), "the session on up2 to be Established with the leaf's new address fe80::2", _lab.Diagnostics);
        await Wait.UntilAsync(async () => (await NodeDefaultAsync()).Via.SequenceEqual(new[] { $"{LeafLinkLocal} up1", "fe80::2 up2" }.Order()),
            TimeSpan.FromSeconds(10), "the default route via the leaf's new address on up2", _lab.Diagnostics);

        var up1 = await NeighborAsync(node, "up1");
        Assert.Equal("Established", up1.GetProperty("state").GetString());
        Assert.Equal(up1Flaps, up1.GetProperty("flaps").GetInt64());
        await PingAsync("node", NodeAddress, "10.255.255.2");
    }

    private static async Task<JsonElement> NeighborAsync(Speaker node, string name) =>
        (await node.ShowAsync("neighbors")).GetProperty("neighbors").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    [Fact]
    public async Task TheNodeIsReadyWhileAFabricSessionIsUpAndItsMetricsSaySo()
    {
        var (_, _, node) = await FabricAsync();
        await EstablishedAsync(node, "up1", "up2");
        await Wait.UntilAsync(async () => (await NodeHttpAsync("/readyz")).Status == 200, TimeSpan.FromSeconds(10), "/readyz to say ready",
            () => $"{NodeHttpAsync("/readyz").Result.Body}\n{_lab.Diagnostics()}");

        // Ready needs sessions and a FIB in sync, not routes yet: the leaves' default route may still be on its way.
        static bool HasRoutes(string[] lines) => lines.Any(l => l.StartsWith("bgpspeaker_fib_routes ", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        await Wait.UntilAsync(async () => HasRoutes((await NodeHttpAsync("/metrics")).Body.Split('\n')), TimeSpan.FromSeconds(10),
            "bgpspeaker_fib_routes above 0", _lab.Diagnostics);
        var metrics = (await NodeHttpAsync("/metrics")).Body.Split('\n');
        Assert.Contains("bgpspeaker_neighbor_up{peer=\"up1\",interface=\"up1\",peer_as=\"65001\"} 1", metrics);
        Assert.Contains("bgpspeaker_neighbor_up{peer=\"up2\",interface=\"up2\",peer_as=\"65002\"} 1", metrics);
        Assert.Contains("bgpspeaker_fib_in_sync 1", metrics);
        Assert.Contains(metrics, l => l.StartsWith("bgpspeaker_router_advertisements_received_total ", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.True(HasRoutes(metrics));

        await NodeIp("link", "set", "up1", "down");
        await NodeIp("link", "set", "up2", "down");
        await Wait.UntilAsync(async () => (await NodeHttpAsync("/readyz")).Status == 503, TimeSpan.FromSeconds(10), "/readyz to say not ready", _lab.Diagnostics);
        Assert.Equal("not ready: no fabric session Established (up1: link down; up2: link down)\n", (await NodeHttpAsync("/readyz")).Body);
        Assert.Contains("bgpspeaker_neighbor_up{peer=\"up1\",interface=\"up1\",peer_as=\"65001\"} 0", (await NodeHttpAsync("/metrics")).Body.Split('\n'));
    }

    /// <summary>GET http://127.0.0.1:9179{path} inside the node's namespace, where the daemon listens.</summary>
    private Task<(int Status, string Body)> NodeHttpAsync(string path) => _lab.HttpGetAsync("node", $"http://127.0.0.1:9179{path}");

    [Fact]
    public async Task TheApiVipLeavesBothLeavesWhenItsHealthFailsAndComesBackAfterRise()
    {
        // The node's "API server": a tiny HTTP server in the node namespace answering the status written in a file.
        string status = Path.Combine(_lab.Directory, "api-status");
        await File.WriteAllTextAsync(status, "200");
        const string Server = """
            import http.server, sys
            class Health(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(int(open(sys.argv[1]).read().strip()))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *args):
                    pass
            http.server.HTTPServer(("127.0.0.1", 8080), Health).serve_forever()
            """;
        const int Interval = 1, Rise = 2, Fall = 2;
        var (leaf1, leaf2, node) = await FabricAsync(nodeConfig: NodeConfig.Replace($"  - prefix: {Vip}/32",
            $"  - prefix: {Vip}/32\n    health: {{ http: {{ url: \"http://127.0.0.1:8080/readyz\" }}, interval: {Interval}, timeout: 1, rise: {Rise}, fall: {Fall} }}",
            StringComparison.Ordinal));
        using var api = System.Diagnostics.Process.Start("ip", ["netns", "exec", _lab.Namespace("node"), "python3", "-c", Server, status])!;
        try
        {
            await EstablishedAsync(node, "up1", "up2");
            async Task<int> LeavesWithVip() =>
                (await Task.WhenAll(leaf1.JsonAsync("show bgp ipv4 unicast json"), leaf2.JsonAsync("show bgp ipv4 unicast json")))
                    .Count(r => r.GetProperty("routes").TryGetProperty($"{Vip}/32", out _));
            await Wait.UntilAsync(async () => await LeavesWithVip() == 2, TimeSpan.FromSeconds(20), "the healthy VIP at both leaves", _lab.Diagnostics);

            await File.WriteAllTextAsync(status, "503");
            var failed = System.Diagnostics.Stopwatch.StartNew();
            await Wait.UntilAsync(async () => await LeavesWithVip() == 0, TimeSpan.FromSeconds(15), "the VIP to leave both leaves", _lab.Diagnostics);
            Assert.True(failed.Elapsed <= TimeSpan.FromSeconds(Fall * Interval + 1.3), $"the VIP left the leaves {failed.Elapsed.TotalSeconds:0.00} s after the API failed (allowed: fall × interval + 1 s)");
            var health = (await node.ShowAsync("health")).GetProperty("networks").EnumerateArray().Single();
            Assert.Equal(($"{Vip}/32", false, "no (withdrawn)"), (health.GetProperty("prefix").GetString(), health.GetProperty("healthy").GetBoolean(), health.GetProperty("announced").GetString()));
            Assert.Equal("503", health.GetProperty("probes")[0].GetProperty("lastResult").GetString());
            Assert.True((await leaf1.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty($"{NodeAddress}/32", out _), "the node /32 (not gated) stays");

            await File.WriteAllTextAsync(status, "200");
            var healed = System.Diagnostics.Stopwatch.StartNew();
            await Wait.UntilAsync(async () => await LeavesWithVip() == 2, TimeSpan.FromSeconds(15), "the VIP back at both leaves", _lab.Diagnostics);
            Assert.True(healed.Elapsed >= TimeSpan.FromSeconds((Rise - 1) * Interval), $"the VIP came back {healed.Elapsed.TotalSeconds:0.00} s after the API did: before {Rise} successes");
        }
        finally
        {
            api.Kill(entireProcessTree: true);
        }
    }

    private const string LoadBalancerVip = "10.96.0.10";

    /// <summary>
    /// Also the node that runs every part an operator watches (fabric, FIB, a local peer, a health-gated
    /// network): every metric the alert rules and the dashboard in deploy/ name is in its scrape.
    /// </summary>
    [Fact]
    public async Task ALoadBalancerSpeakerOnAVethGetsItsVipToBothLeavesAndTheNodeRoutesItThere()
    {
        // MetalLB's part, played by GoBGP in its own namespace on a veth (lb0 on the node, eth0 on its side),
        // announcing a LoadBalancer /32 that it also holds on its loopback; the node redistributes it. It
        // also announces a /24 inside the pool and a /32 outside it: both refused, and counted.
        var config = NodeConfig + """

              - prefix: 10.0.0.101/32
                health: { file: { path: /nonexistent/maintenance }, interval: 1, rise: 1 }
            localPeers:
              - name: metallb
                interface: lb0
                ranges: ["169.254.100.0/30"]
                remoteAs: 64512
                pools: ["10.96.0.0/12"]
            """;
        var (leaf1, leaf2, node) = await FabricAsync(nodeConfig: config);
        await _lab.AddNamespacesAsync("lb");
        await _lab.LinkAsync("node", "lb0", "lb", "eth0");
        await _lab.AddressAsync("node", "lb0", "169.254.100.2/30");
        await _lab.AddressAsync("lb", "eth0", "169.254.100.1/30");
        await _lab.AddressAsync("lb", "lo", $"{LoadBalancerVip}/32");
        await Shell.Ip("-n", _lab.Namespace("lb"), "route", "add", "default", "via", "169.254.100.2");
        await Shell.RunAsync("ip", ["netns", "exec", _lab.Namespace("node"), "sysctl", "-qw", "net.ipv4.ip_forward=1"]);
        await _lab.StartGoBgpAsync("metallb", "lb", """
            [global.config]
              as = 64512
              router-id = "169.254.100.1"
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "169.254.100.2"
                peer-as = 4200000011
                admin-down = true
              [neighbors.transport.config]
                local-address = "169.254.100.1"
            """, [$"-a ipv4 {LoadBalancerVip}/32 origin igp", "-a ipv4 10.96.1.0/24 origin igp", "-a ipv4 192.0.2.77/32 origin igp"], ["169.254.100.2"]);
        await EstablishedAsync(node, "up1", "up2", "metallb-1");
        await Wait.UntilAsync(async () => (await node.NeighborAsync("metallb-1")).GetProperty("announcements").GetProperty("received").GetInt64() == 3,
            TimeSpan.FromSeconds(15), "the node to receive GoBGP's three announcements", _lab.Diagnostics);
        var speaker = await node.NeighborAsync("metallb-1");
        Assert.Equal("169.254.100.1", speaker.GetProperty("address").GetString());
        Assert.Equal((1, 2L, 0), (speaker.GetProperty("prefixesReceived").GetInt32(),
            speaker.GetProperty("announcements").GetProperty("rejectedByPolicy").GetInt64(), speaker.GetProperty("prefixesAdvertised").GetInt32()));
        Assert.Contains("bgpspeaker_neighbor_announcements_rejected_total{peer=\"metallb-1\",interface=\"lb0\",peer_as=\"64512\",reason=\"policy\"} 2",
            (await NodeHttpAsync("/metrics")).Body.Split('\n'));

        foreach (var (leaf, ns) in new[] { (leaf1, "leaf1"), (leaf2, "leaf2") })
        {
            await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty($"{LoadBalancerVip}/32", out _),
                TimeSpan.FromSeconds(15), $"{ns} to learn the LoadBalancer /32", _lab.Diagnostics);
            Assert.Contains("dev eth0", await Shell.Ip("-n", _lab.Namespace(ns), "route", "show", $"{LoadBalancerVip}/32"), StringComparison.Ordinal);
            var routes = (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes");
            Assert.False(routes.TryGetProperty("10.96.1.0/24", out _) || routes.TryGetProperty("192.0.2.77/32", out _), $"{ns} learned a refused route");
        }
        Assert.Contains("via 169.254.100.1 dev lb0", await NodeIp("route", "show", $"{LoadBalancerVip}/32", "proto", "201"), StringComparison.Ordinal);
        // A fresh path through the node (the leaf, the node and the speaker all resolving neighbours): the
        // first echo may be lost, so up to 3 are sent and one answer is enough.
        await PingAsync("leaf1", "10.255.255.1", LoadBalancerVip, count: 3);
        await PingAsync("leaf2", "10.255.255.2", LoadBalancerVip, count: 3);

        // A sample, or (a labelled counter nothing has counted yet, such as NOTIFICATIONs by code) its TYPE line.
        var scraped = (await NodeHttpAsync("/metrics")).Body.Split('\n')
            .Select(l => l.StartsWith("# TYPE ", StringComparison.Ordinal) ? l["# TYPE ".Length..] : l)
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);
        var missing = Repository.MetricsNamedInDeployFiles().Where(m => !scraped.Contains(m)).ToList();
        Assert.True(missing.Count == 0, $"named in deploy/ but not in the node's scrape: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task StoppingTheDaemonTakesItsRoutesOutOfTheKernel()
    {
        var (_, _, node) = await FabricAsync();
        await EstablishedAsync(node, "up1", "up2");
        await Wait.UntilAsync(async () => (await NodeDefaultAsync()).Via.Length == 2, TimeSpan.FromSeconds(10), "an ECMP default route", _lab.Diagnostics);
        await node.StopAsync();
        Assert.Equal("", (await NodeIp("route", "show", "proto", "201")).Trim());
    }
}
