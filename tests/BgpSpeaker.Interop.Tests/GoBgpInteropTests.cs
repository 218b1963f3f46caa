using System.Text.Json;
using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// bgpspeaker against GoBGP 3 (Debian's gobgpd): numbered IPv4 and link-local RFC 8950 sessions with
/// 4-octet ASNs, routes both ways from the first moment of the session, and GoBGP restarted.
/// </summary>
public sealed class GoBgpInteropTests : PeerDaemonTestBase
{
    /// <summary>Restarts of GoBGP (bgpspeaker restarted too in 2 of them).</summary>
    private const int Rounds = 6;

    private const string Numbered = "10.255.1.1";
    /// <summary>The link-local neighbor, named by address and zone (GoBGP's "neighbor-interface" instead needs the address in the kernel's neighbor table).</summary>
    private const string LinkLocal = "fe80::1%eth0";

    /// <summary>
    /// gobgpd.toml. Each neighbor starts administratively down (<see cref="GoBgp"/> enables it once the
    /// routes are in) and passive: GoBGP's own first connect comes 5 to 10 s after it is enabled, while
    /// bgpspeaker connects within a second.
    /// </summary>
    private static string GoBgpConfig(bool numbered, bool linkLocal) => $$"""
        [global.config]
          as = {{PeerAs}}
          router-id = "10.255.255.1"
        {{(numbered ? Neighbor(Numbered, "local-address = \"10.255.1.0\"", "ipv4-unicast") : "")}}
        {{(linkLocal ? Neighbor(LinkLocal, "", "ipv4-unicast", "ipv6-unicast") : "")}}
        """;

    private static string Neighbor(string address, string transport, params string[] families) => $$"""
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "{{address}}"
            peer-as = {{NodeAs}}
            admin-down = true
          [neighbors.timers.config]
            connect-retry = 1
            hold-time = 9
            keepalive-interval = 3
          [neighbors.transport.config]
            passive-mode = true
            {{transport}}
        {{string.Join('\n', families.Select(f => $"""
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "{f}"
        """))}}
        """;

    /// <summary>The peer's routes as "gobgp global rib add" arguments: origin AS in the path (GoBGP prepends its own), both communities.</summary>
    private static readonly string[] Announced = [.. PeerRoutes4.Select(p => Route("ipv4", p)), .. PeerRoutes6.Select(p => Route("ipv6", p))];

    private static string Route(string family, string prefix) =>
        $"-a {family} {prefix} origin igp aspath {OriginAs} community {Community} large-community {LargeCommunity}";

    private async Task<(GoBgp GoBgp, Speaker Node)> LabAsync(bool numbered, bool linkLocal, int delayOpen = 0)
    {
        await LinkAsync();
        var neighbors = new[] { (On: numbered, Address: Numbered), (On: linkLocal, Address: LinkLocal) }.Where(n => n.On).Select(n => n.Address).ToList();
        var gobgp = await _lab.StartGoBgpAsync("gobgp", "peer", GoBgpConfig(numbered, linkLocal), Announced, neighbors);
        var node = await _lab.StartSpeakerAsync("node", PeerNodeYaml(numbered, linkLocal, delayOpen));
        return (gobgp, node);
    }

    /// <summary>Waits until GoBGP holds exactly <paramref name="prefixes"/> from a neighbor in one family, and returns them.</summary>
    private async Task<Dictionary<string, JsonElement>> GoBgpHoldsAsync(GoBgp gobgp, string neighbor, string family, params string[] prefixes)
    {
        await Wait.UntilAsync(async () => (await gobgp.AdjInAsync(neighbor, family)).Keys.Order().SequenceEqual(prefixes.Order()),
            TimeSpan.FromSeconds(15), $"GoBGP to hold {string.Join(", ", prefixes)} from {neighbor}", _lab.Diagnostics);
        return await gobgp.AdjInAsync(neighbor, family);
    }

    /// <summary>One path attribute (by type code) of a path in GoBGP's JSON.</summary>
    private static JsonElement Attribute(JsonElement path, int type) =>
        path.GetProperty("attrs").EnumerateArray().Single(a => a.GetProperty("type").GetInt32() == type);

    /// <summary>A path GoBGP received from us: AS_PATH is our AS alone (4-octet), next hop from NEXT_HOP (type 3) or MP_REACH_NLRI (14).</summary>
    private static void AssertOurPath(JsonElement path, string nextHop)
    {
        Assert.Equal([NodeAs], Attribute(path, 2).GetProperty("as_paths")[0].GetProperty("asns").EnumerateArray().Select(a => a.GetUInt32()));
        var hop = path.GetProperty("attrs").EnumerateArray().Single(a => a.GetProperty("type").GetInt32() is 3 or 14);
        Assert.Equal(nextHop, hop.GetProperty("nexthop").GetString());
    }

    /// <summary>GoBGP's account of a session: Established, and the capabilities it received from us.</summary>
    private static async Task<List<string>> AssertGoBgpSessionAsync(GoBgp gobgp, string neighbor)
    {
        Assert.True(await gobgp.EstablishedAsync(neighbor), $"GoBGP's session with {neighbor} is not Established");
        var received = (await gobgp.NeighborAsync(neighbor)).GetProperty("state").GetProperty("remote_cap").EnumerateArray()
            .Select(c => c.GetProperty("type_url").GetString()!.Split('.')[^1]).ToList();
        Assert.Contains("FourOctetASNCapability", received);
        return received;
    }

    [Fact]
    public async Task NumberedSessionWithFourOctetAsesExchangesRoutesBothWays()
    {
        var (gobgp, node) = await LabAsync(numbered: true, linkLocal: false);
        await HoldsAsync(node, "peer4");

        await AssertNumberedSessionAsync(node);
        await AssertGoBgpSessionAsync(gobgp, Numbered);

        // GoBGP's routes, in its RIB before the session opened: its AS before the origin's, next hop its address.
        var routes = await RoutesFromAsync(node, "peer4");
        Assert.Equal(PeerRoutes4.Order(), routes.Keys.Order());
        Assert.All(routes.Values, r =>
        {
            Assert.Equal("10.255.1.0", r.GetProperty("nextHop").GetString());
            AssertPeerAttributes(r);
        });

        // Ours, as GoBGP received them: our AS, next hop self, our communities (65010:100 as one 32-bit value).
        var theirs = await GoBgpHoldsAsync(gobgp, Numbered, "ipv4", NodeNetworks4);
        Assert.All(theirs.Values, p => AssertOurPath(p, "10.255.1.1"));
        Assert.Equal([(65010u << 16) | 100], Attribute(theirs[NodeNetworks4[0]], 8).GetProperty("communities").EnumerateArray().Select(c => c.GetUInt32()));
        Assert.Equal(NodeAs, Attribute(theirs[NodeNetworks4[0]], 32).GetProperty("value")[0].GetProperty("ASN").GetUInt32());
        await AssertNothingMalformedAsync(node, "peer4");
    }

    [Fact]
    public async Task LinkLocalSessionCarriesIpv4OverIpv6NextHopsBothWays()
    {
        var (gobgp, node) = await LabAsync(numbered: false, linkLocal: true);
        await HoldsAsync(node, "peer6");

        await AssertLinkLocalSessionAsync(node);
        Assert.Contains("ExtendedNexthopCapability", await AssertGoBgpSessionAsync(gobgp, LinkLocal));

        // GoBGP's IPv4 and IPv6 routes, both with its link-local address as next hop (GoBGP sends a 16-octet [fe80::2]).
        var routes = await RoutesFromAsync(node, "peer6");
        Assert.Equal(PeerRoutes4.Concat(PeerRoutes6).Order(), routes.Keys.Order());
        Assert.All(routes.Values, r =>
        {
            Assert.Contains("fe80::2", r.GetProperty("nextHop").GetString(), StringComparison.Ordinal);
            AssertPeerAttributes(r);
        });

        // Ours: IPv4 and IPv6 with our link-local address as next hop.
        Assert.All((await GoBgpHoldsAsync(gobgp, LinkLocal, "ipv4", NodeNetworks4)).Values, p => AssertOurPath(p, "fe80::1"));
        Assert.All((await GoBgpHoldsAsync(gobgp, LinkLocal, "ipv6", NodeNetwork6)).Values, p => AssertOurPath(p, "fe80::1"));
        await AssertNothingMalformedAsync(node, "peer6");
    }

    /// <summary>
    /// Both sessions at once, through 6 restarts of the GoBGP process (its routes added again before its
    /// neighbors are enabled), bgpspeaker restarted as well every third time. bgpspeaker holds its OPEN
    /// until GoBGP's (delayOpen), so GoBGP gets our OPEN and KEEPALIVE together and answers with its
    /// KEEPALIVE and its UPDATEs back to back. (Resetting the sessions instead is slow: GoBGP stays Idle for
    /// 30 s after "neighbor reset", whatever idle-hold-time-after-reset says, and about 6 s after
    /// "disable"/"enable" or a Cease from us.)
    /// </summary>
    [Fact]
    public async Task EveryRouteReturnsAfterEachRestartOfGoBgp()
    {
        var (gobgp, node) = await LabAsync(numbered: true, linkLocal: true, delayOpen: 5);
        await RestartRoundsAsync(node, PeerNodeYaml(numbered: true, linkLocal: true, delayOpen: 5), Rounds,
            _ => gobgp.RestartAsync(),
            async () =>
            {
                await GoBgpHoldsAsync(gobgp, Numbered, "ipv4", NodeNetworks4);
                await GoBgpHoldsAsync(gobgp, LinkLocal, "ipv4", NodeNetworks4);
                await GoBgpHoldsAsync(gobgp, LinkLocal, "ipv6", NodeNetwork6);
            });
    }
}
