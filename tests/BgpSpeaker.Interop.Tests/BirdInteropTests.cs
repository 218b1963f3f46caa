using System.Text.RegularExpressions;
using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// bgpspeaker against BIRD 2 (Debian's bird2): numbered IPv4 and link-local RFC 8950 sessions with
/// 4-octet ASNs, routes both ways from the first moment of the session, and BIRD restarted and reset.
/// </summary>
public sealed class BirdInteropTests : PeerDaemonTestBase
{
    /// <summary>Restarts of BIRD (3 of the process, 3 session resets; bgpspeaker restarted too in 2 of them).</summary>
    private const int Rounds = 6;

    /// <summary>
    /// bird.conf: static routes tagged with the origin AS and communities, exported (and nothing else) to
    /// protocol node4 (numbered) and/or node6 (link-local, IPv4 with extended next hop). "error wait time 1, 5"
    /// keeps BIRD from waiting 60 s or more before it accepts a session again after an error.
    /// </summary>
    private static string BirdConfig(bool numbered, bool linkLocal) => $$"""
        router id 10.255.255.1;
        protocol device { scan time 10; }
        filter tagged {
          bgp_path.prepend({{OriginAs}});
          bgp_community.add((65001, 7));
          bgp_large_community.add(({{PeerAs}}, 7, 1));
          accept;
        }
        protocol static routes4 {
          ipv4 { import filter tagged; };
        {{string.Join('\n', PeerRoutes4.Select(p => $"  route {p} blackhole;"))}}
        }
        protocol static routes6 {
          ipv6 { import filter tagged; };
        {{string.Join('\n', PeerRoutes6.Select(p => $"  route {p} blackhole;"))}}
        }
        template bgp node {
          hold time 9; keepalive time 3; connect delay time 1; connect retry time 1; error wait time 1, 5;
        }
        {{(numbered ? $$"""
        protocol bgp node4 from node {
          local 10.255.1.0 as {{PeerAs}};
          neighbor 10.255.1.1 as {{NodeAs}};
          ipv4 { import all; export where source = RTS_STATIC; };
        }
        """ : "")}}
        {{(linkLocal ? $$"""
        protocol bgp node6 from node {
          local as {{PeerAs}};
          neighbor fe80::1 as {{NodeAs}};
          interface "eth0";
          ipv4 { import all; export where source = RTS_STATIC; extended next hop on; };
          ipv6 { import all; export where source = RTS_STATIC; };
        }
        """ : "")}}
        """;

    private async Task<(Bird Bird, Speaker Node)> LabAsync(bool numbered, bool linkLocal, int delayOpen = 0)
    {
        await LinkAsync();
        var bird = await _lab.StartBirdAsync("bird", "peer", BirdConfig(numbered, linkLocal));
        var node = await _lab.StartSpeakerAsync("node", PeerNodeYaml(numbered, linkLocal, delayOpen));
        return (bird, node);
    }

    /// <summary>Waits until BIRD holds <paramref name="prefixes"/> from one of its protocols, and returns its routes from it.</summary>
    private async Task<Dictionary<string, BirdRoute>> BirdHoldsAsync(Bird bird, string protocol, params string[] prefixes)
    {
        await Wait.UntilAsync(async () => (await bird.RoutesAsync(protocol)).Keys.Order().SequenceEqual(prefixes.Order()),
            TimeSpan.FromSeconds(15), $"BIRD's {protocol} to hold {string.Join(", ", prefixes)}", _lab.Diagnostics);
        return await bird.RoutesAsync(protocol);
    }

    /// <summary>BIRD's own account of a session: Established, 4-octet AS on both sides ("external AS4"), and the peer's capabilities.</summary>
    private static async Task<string> AssertBirdSessionAsync(Bird bird, string protocol)
    {
        var text = await bird.ProtocolAsync(protocol);
        Assert.Matches(new Regex(@"BGP state:\s+Established"), text);
        Assert.Matches(new Regex(@"Session:\s+external AS4"), text);
        var received = text[text.IndexOf("Neighbor capabilities", StringComparison.Ordinal)..];
        Assert.Contains("4-octet AS numbers", received, StringComparison.Ordinal);
        Assert.Contains("Hostname: node-1", received, StringComparison.Ordinal);
        return received;
    }

    [Fact]
    public async Task NumberedSessionWithFourOctetAsesExchangesRoutesBothWays()
    {
        var (bird, node) = await LabAsync(numbered: true, linkLocal: false);
        await HoldsAsync(node, "peer4");

        await AssertNumberedSessionAsync(node);
        await AssertBirdSessionAsync(bird, "node4");

        // BIRD's routes, sent at once on the new session: its AS before the origin's (both 4-octet), next hop BIRD's address.
        var routes = await RoutesFromAsync(node, "peer4");
        Assert.Equal(PeerRoutes4.Order(), routes.Keys.Order());
        Assert.All(routes.Values, r =>
        {
            Assert.Equal("10.255.1.0", r.GetProperty("nextHop").GetString());
            AssertPeerAttributes(r);
        });

        // Ours, as BIRD holds them: our AS, next hop self, our communities.
        var theirs = await BirdHoldsAsync(bird, "node4", NodeNetworks4);
        Assert.All(theirs.Values, r =>
        {
            Assert.Equal($"{NodeAs}", r.Attributes["BGP.as_path"]);
            Assert.Equal("10.255.1.1", r.Attributes["BGP.next_hop"]);
        });
        Assert.Equal("(65010,100)", theirs[NodeNetworks4[0]].Attributes["BGP.community"]);
        Assert.Equal($"({NodeAs}, 1, 2)", theirs[NodeNetworks4[0]].Attributes["BGP.large_community"]);
        await AssertNothingMalformedAsync(node, "peer4");
    }

    [Fact]
    public async Task LinkLocalSessionCarriesIpv4OverIpv6NextHopsBothWays()
    {
        var (bird, node) = await LabAsync(numbered: false, linkLocal: true);
        await HoldsAsync(node, "peer6");

        await AssertLinkLocalSessionAsync(node);
        Assert.Contains("Extended next hop", await AssertBirdSessionAsync(bird, "node6"), StringComparison.Ordinal);

        // BIRD's IPv4 and IPv6 routes, both with its link-local address as next hop (BIRD sends [::, fe80::2]).
        var routes = await RoutesFromAsync(node, "peer6");
        Assert.Equal(PeerRoutes4.Concat(PeerRoutes6).Order(), routes.Keys.Order());
        Assert.All(routes.Values, r =>
        {
            Assert.Contains("fe80::2", r.GetProperty("nextHop").GetString(), StringComparison.Ordinal);
            AssertPeerAttributes(r);
        });

        // Ours: BIRD resolves our IPv4 /32 through our link-local address on eth0.
        var theirs = await BirdHoldsAsync(bird, "node6", [.. NodeNetworks4, NodeNetwork6]);
        Assert.All(theirs.Values, r =>
        {
            Assert.Equal($"{NodeAs}", r.Attributes["BGP.as_path"]);
            Assert.Equal("fe80::1 on eth0", r.Via);
        });
        await AssertNothingMalformedAsync(node, "peer6");
    }

    /// <summary>
    /// Both sessions at once, through 6 rounds: BIRD restarted as a process (a fresh BIRD sends its whole
    /// table right behind its KEEPALIVE) or its sessions reset with "birdc restart" (Cease/Administrative
    /// Reset), bgpspeaker restarted as well every third round. bgpspeaker holds its OPEN until BIRD's
    /// (delayOpen), so BIRD gets our OPEN and KEEPALIVE together and answers with its KEEPALIVE and its
    /// UPDATEs back to back.
    /// </summary>
    [Fact]
    public async Task EveryRouteReturnsAfterEachRestartOfBird()
    {
        var (bird, node) = await LabAsync(numbered: true, linkLocal: true, delayOpen: 5);
        await RestartRoundsAsync(node, PeerNodeYaml(numbered: true, linkLocal: true, delayOpen: 5), Rounds,
            round => round % 2 == 1 ? bird.RestartAsync() : bird.BirdcAsync("restart", "\"node*\""),
            async () =>
            {
                await BirdHoldsAsync(bird, "node4", NodeNetworks4);
                await BirdHoldsAsync(bird, "node6", [.. NodeNetworks4, NodeNetwork6]);
            });
    }
}
