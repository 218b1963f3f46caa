using System.Text.Json;
using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// The lab for peers other than FRR (BIRD, GoBGP): node (bgpspeaker, AS 4200000010) —eth1/eth0— peer
/// (AS 4200000001), numbered over 10.255.1.0/31 (neighbor "peer4") and/or over link-local fe80::1 /
/// fe80::2 with IPv4 on IPv6 next hops (RFC 8950, neighbor "peer6"). The peer announces its routes from
/// the first moment of each session, with a 4-octet AS path and communities: BIRD and GoBGP send them
/// right behind their KEEPALIVE, so a session that decoded them with the pre-OPEN codec context (2-octet
/// ASNs, no extended next hop) would lose them or reset.
/// </summary>
public abstract class PeerDaemonTestBase : InteropTestBase
{
    private protected const uint NodeAs = 4200000010;
    private protected const uint PeerAs = 4200000001;

    /// <summary>The AS the peer's routes originate in (their path before the peer prepends its own AS).</summary>
    private protected const uint OriginAs = 4200000099;

    /// <summary>The peer's routes: IPv4 on every session, IPv6 on the link-local one (the numbered one carries IPv4 only).</summary>
    private protected static readonly string[] PeerRoutes4 = ["10.1.0.0/16", "10.2.0.0/24", "198.51.100.0/24"];
    private protected static readonly string[] PeerRoutes6 = ["2001:db8:1::/48"];

    /// <summary>What the peer sets on all of them (RFC 1997 and RFC 8092).</summary>
    private protected const string Community = "65001:7";
    private protected const string LargeCommunity = "4200000001:7:1";

    /// <summary>The node's networks: IPv4 goes to both sessions, IPv6 to the link-local one only.</summary>
    private protected static readonly string[] NodeNetworks4 = ["10.0.0.10/32", "192.0.2.100/32"];
    private protected const string NodeNetwork6 = "2001:db8:100::10/128";

    /// <summary>Namespaces node and peer, one veth link with the IPv4 /31 and both link-local addresses.</summary>
    private protected async Task LinkAsync()
    {
        await _lab.AddNamespacesAsync("node", "peer");
        await _lab.LinkAsync("node", "eth1", "peer", "eth0");
        await _lab.AddressAsync("node", "eth1", "10.255.1.1/31");
        await _lab.AddressAsync("peer", "eth0", "10.255.1.0/31");
        await _lab.AddressAsync("node", "eth1", "fe80::1/64");
        await _lab.AddressAsync("peer", "eth0", "fe80::2/64");
    }

    /// <summary>bgpspeaker's configuration: accept everything from the peer, send it only our networks (no transit between the two sessions).</summary>
    /// <param name="delayOpen">Seconds bgpspeaker holds its OPEN back waiting for the peer's (RFC 4271 DelayOpen); 0 sends it at once.</param>
    private protected static string PeerNodeYaml(bool numbered, bool linkLocal, int delayOpen = 0) => $$"""
        asn: {{NodeAs}}
        routerId: 10.0.0.10
        hostname: node-1
        timers: { holdTime: 9, keepalive: 3, connectRetry: 1 }
        neighbors:
        {{(numbered ? NumberedNeighbor + DelayOpen(delayOpen) : "")}}
        {{(linkLocal ? LinkLocalNeighbor + DelayOpen(delayOpen) : "")}}
        networks:
          - prefix: {{NodeNetworks4[0]}}
            communities: ["65010:100"]
            largeCommunities: ["{{NodeAs}}:1:2"]
          - prefix: {{NodeNetworks4[1]}}
          - prefix: {{NodeNetwork6}}
        """;

    private static string DelayOpen(int seconds) => seconds > 0 ? $"\n    delayOpen: {seconds}" : "";

    private static readonly string NumberedNeighbor = $"""
          - address: 10.255.1.0
            remoteAs: {PeerAs}
            description: peer4
            import: accept
            export: local-routes
        """;

    private static readonly string LinkLocalNeighbor = $"""
          - address: fe80::2
            interface: eth1
            remoteAs: {PeerAs}
            description: peer6
            import: accept
            export: local-routes
            families: [ipv4-unicast, ipv6-unicast]
            extendedNextHop: true
        """;

    /// <summary>Prefixes bgpspeaker must hold from each neighbor: the numbered session carries IPv4 only.</summary>
    private protected static int Expected(string neighbor) => neighbor == "peer4" ? PeerRoutes4.Length : PeerRoutes4.Length + PeerRoutes6.Length;

    /// <summary>
    /// Waits until bgpspeaker's neighbor is Established, after at least <paramref name="flaps"/> session
    /// ends, and holds every prefix the peer announces (<see cref="Expected"/>).
    /// </summary>
    private protected Task HoldsAsync(Speaker node, string neighbor, int flaps = 0) => Wait.UntilAsync(async () =>
        {
            AssertNoFaultInLog(node); // fail at once, not after the timeout
            var n = await node.NeighborAsync(neighbor);
            return n.GetProperty("state").GetString() == "Established" && n.GetProperty("flaps").GetInt32() >= flaps
                && n.GetProperty("prefixesReceived").GetInt32() == Expected(neighbor);
        }, TimeSpan.FromSeconds(20), $"bgpspeaker to hold {Expected(neighbor)} prefixes from {neighbor} (after {flaps} session ends)", _lab.Diagnostics);

    /// <summary>
    /// Both sessions (numbered and link-local) through <paramref name="rounds"/> rounds, each calling
    /// <paramref name="restartPeer"/> with its number (a new peer process, or a session reset). Every third
    /// round bgpspeaker is restarted too, the peer restarting while it is down: a fresh bgpspeaker meets the
    /// peer's table in its first sessions, where an early UPDATE is most likely to be read before the
    /// session is Established. After each round, every route is back on both sides
    /// (<paramref name="peerHoldsOurs"/> checks the peer's side) and nothing was malformed.
    /// </summary>
    /// <param name="nodeYaml">bgpspeaker's configuration, for its restarts.</param>
    private protected async Task RestartRoundsAsync(Speaker node, string nodeYaml, int rounds, Func<int, Task> restartPeer, Func<Task> peerHoldsOurs)
    {
        var nodes = new List<Speaker> { node };
        var sessionEnds = 0; // since bgpspeaker started
        for (var round = 0; round <= rounds; round++)
        {
            if (round > 0 && round % 3 == 0)
            {
                await node.StopAsync();
                await restartPeer(round);
                node = await _lab.StartSpeakerAsync("node", nodeYaml);
                nodes.Add(node);
                sessionEnds = 0;
            }
            else if (round > 0)
            {
                await restartPeer(round);
                sessionEnds++;
            }
            await HoldsAsync(node, "peer4", flaps: sessionEnds);
            await HoldsAsync(node, "peer6", flaps: sessionEnds);
            await peerHoldsOurs();
            await AssertNothingMalformedAsync(node, "peer4", "peer6");
        }
        foreach (var each in nodes)
        {
            AssertNoFaultInLog(each);
        }
    }

    /// <summary>What bgpspeaker negotiated on the numbered session: the peer's 4-octet AS and router id, IPv4 unicast.</summary>
    private protected static async Task AssertNumberedSessionAsync(Speaker node)
    {
        var session = await SessionAsync(node, "peer4");
        Assert.Equal(PeerAs, session.GetProperty("peerAs").GetUInt32());
        Assert.Equal("10.255.255.1", session.GetProperty("peerRouterId").GetString());
        Assert.True(session.GetProperty("fourOctetAs").GetBoolean());
        Assert.Equal(["ipv4-unicast"], session.GetProperty("families").EnumerateArray().Select(f => f.GetString()));
    }

    /// <summary>What bgpspeaker negotiated on the link-local session: 4-octet AS, RFC 8950, both unicast families.</summary>
    private protected static async Task AssertLinkLocalSessionAsync(Speaker node)
    {
        var session = await SessionAsync(node, "peer6");
        Assert.True(session.GetProperty("fourOctetAs").GetBoolean());
        Assert.True(session.GetProperty("extendedNextHop").GetBoolean());
        Assert.Equal(["ipv4-unicast", "ipv6-unicast"], session.GetProperty("families").EnumerateArray().Select(f => f.GetString()));
    }

    /// <summary>What bgpspeaker negotiated with a neighbor ("session" in show neighbors).</summary>
    private protected static async Task<JsonElement> SessionAsync(Speaker node, string neighbor) =>
        (await node.NeighborAsync(neighbor)).GetProperty("session");

    /// <summary>bgpspeaker's learned routes from one neighbor, by prefix (show routes: best paths).</summary>
    private protected static async Task<Dictionary<string, JsonElement>> RoutesFromAsync(Speaker node, string neighbor) =>
        Routes(await node.ShowAsync("routes")).Where(r => r.GetProperty("peer").GetString() == neighbor).ToDictionary(r => r.GetProperty("prefix").GetString()!);

    /// <summary>A route from the peer as it must arrive: the peer's AS before the origin's, both 4-octet, and both communities.</summary>
    private protected static void AssertPeerAttributes(JsonElement route)
    {
        Assert.Equal($"{PeerAs} {OriginAs}", route.GetProperty("asPath").GetString());
        Assert.Equal([Community], route.GetProperty("communities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([LargeCommunity], route.GetProperty("largeCommunities").EnumerateArray().Select(c => c.GetString()));
    }

    /// <summary>
    /// No UPDATE was malformed (an early UPDATE decoded with the wrong context is one: treat-as-withdraw for
    /// a 4-octet AS_PATH read as 2-octet), and no session ended with an error NOTIFICATION, sent (as for an
    /// RFC 8950 next hop read without the capability) or received (the peer refusing what we sent). A
    /// Cease (a restart, a reset, a connection collision) is no fault.
    /// </summary>
    private protected static async Task AssertNothingMalformedAsync(Speaker node, params string[] neighbors)
    {
        AssertNoFaultInLog(node);
        foreach (var name in neighbors)
        {
            Assert.True((await node.NeighborAsync(name)).GetProperty("malformedUpdates").GetInt64() == 0, $"{name}: malformed UPDATEs\n{node.Log}");
        }
    }

    /// <summary>The log's side of <see cref="AssertNothingMalformedAsync"/> (event 1200 is "UPDATE TreatAsWithdraw: ..."), cheap enough to check while waiting.</summary>
    private protected static void AssertNoFaultInLog(Speaker node)
    {
        var log = node.Log;
        var faults = log.Split('\n').Where(l => l.Contains("[1200]", StringComparison.Ordinal)
            || l.Contains("TreatAsWithdraw", StringComparison.OrdinalIgnoreCase) || l.Contains("treat-as-withdraw", StringComparison.OrdinalIgnoreCase)
            || l.Contains("UPDATE Message Error", StringComparison.Ordinal) || l.Contains("NOTIFICATION sent", StringComparison.Ordinal)
            || (l.Contains("NOTIFICATION received", StringComparison.Ordinal) && !l.Contains("NOTIFICATION received: Cease/", StringComparison.Ordinal))).ToList();
        Assert.True(faults.Count == 0, $"bgpspeaker's log shows a malformed UPDATE or a session ended by an error NOTIFICATION:\n{string.Join('\n', faults)}\n--- whole log\n{log}");
    }
}
