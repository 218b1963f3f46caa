using System.Text.Json;
using BgpSpeaker.Cli;

namespace BgpSpeaker.Tests.Cli;

public class TablesTests
{
    /// <summary>The CLI reads status JSON into the same types the daemon writes it from.</summary>
    private static BgpSpeaker.Control.StatusView Status(string json) => JsonSerializer.Deserialize(json, BgpSpeaker.Control.ControlJson.Default.StatusView)!;

    private static BgpSpeaker.Control.DecisionView Decision(string json) => JsonSerializer.Deserialize(json, BgpSpeaker.Control.ControlJson.Default.DecisionView)!;

    [Fact]
    public void DecisionTableNamesTheStepEachPathLostAt()
    {
        var json = Decision("""
            { "asn": 65010, "routerId": "10.0.0.1", "prefix": "10.1.0.0/16", "paths": [
              { "peer": "leaf1", "nextHop": "10.255.1.0", "asPath": "65001", "origin": "igp", "localPref": 100, "best": true, "multipath": true, "outcome": "best" },
              { "peer": "leaf2", "nextHop": "10.255.2.0", "asPath": "65002", "origin": "igp", "localPref": 100, "best": false, "multipath": true, "outcome": "lost at router id (lower wins)" },
              { "peer": "leaf3", "nextHop": "10.255.3.0", "asPath": "65003 65100", "origin": "igp", "localPref": 100, "med": 5, "best": false, "multipath": false, "outcome": "lost at AS path length (shorter wins)" } ] }
            """);

        var lines = Tables.Decision(json).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("10.1.0.0/16: 3 path(s), 2 used (equal cost)", lines[0]);
        Assert.StartsWith("Neighbor", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("best", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("equal-cost; lost at router id (lower wins)", lines[3], StringComparison.Ordinal);
        Assert.Contains(" 5 ", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("lost at AS path length (shorter wins)", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void DecisionTableForAnUnknownPrefix() =>
        Assert.Equal("192.0.2.0/24: no path\n", Tables.Decision(Decision("""{ "asn": 65010, "routerId": "10.0.0.1", "prefix": "192.0.2.0/24", "paths": [] }""")));

    private const string DownNeighbor = """
        { "name": "leaf1", "remoteAs": "external", "state": "Active", "downSeconds": 75,
          "prefixesReceived": 0, "prefixesReceivedIpv4": 0, "prefixesReceivedIpv6": 0, "prefixesAdvertised": 0, "flaps": 1,
          "announcements": { "received": 7, "accepted": 2, "rejectedByPolicy": 0, "rejectedAsLoop": 2, "treatedAsWithdraw": 3 },
          "malformedUpdates": 1,
          "messagesReceived": { "open": 1, "update": 3, "notification": 0, "keepalive": 2, "routeRefresh": 0, "total": 6 },
          "messagesSent": { "open": 1, "update": 1, "notification": 1, "keepalive": 2, "routeRefresh": 0, "total": 5 },
          "lastDown": { "kind": "HoldTimerExpired", "reason": "hold timer expired", "at": "2026-12-05T10:00:00Z" },
          "lastFailedAttempt": { "kind": "TcpConnectionFailed", "reason": "connection refused", "at": "2026-12-05T10:01:00Z" },
          "recentMalformedUpdates": [ { "at": "2026-12-05T09:59:00Z", "handling": "routes treated as withdrawn", "reason": "ORIGIN: value 3 is undefined",
            "attribute": "40010103", "prefixes": ["10.0.0.0/24"], "morePrefixes": 2 } ] }
        """;

    [Fact]
    public void NeighborsTableSaysHowLongASessionHasBeenDownAndWhatBecameOfItsAnnouncements()
    {
        var json = Status($$"""{ "routerId": "10.0.0.1", "asn": 65010, "neighbors": [ {{DownNeighbor}} ] }""");

        var text = Tables.Neighbors(json);

        Assert.Contains("state Active, up/down 00:01:15", text, StringComparison.Ordinal);
        Assert.Contains("announcements received 7: accepted 2, rejected by policy 0, rejected as loop 2, treated as withdraw 3; malformed UPDATEs 1", text, StringComparison.Ordinal);
        Assert.Contains("last down 2026-12-05T10:00:00Z: hold timer expired", text, StringComparison.Ordinal);
        Assert.Contains("last failed attempt 2026-12-05T10:01:00Z: connection refused", text, StringComparison.Ordinal);
        Assert.Contains("routes treated as withdrawn: ORIGIN: value 3 is undefined; prefixes 10.0.0.0/24 and 2 more; attribute 40010103", text, StringComparison.Ordinal);
        Assert.Contains("00:01:15", Tables.Summary(json), StringComparison.Ordinal);
    }

    [Fact]
    public void NeighborsTableSaysYesOrNo()
    {
        var json = Status($$"""
            { "routerId": "10.0.0.1", "asn": 65010, "neighbors": [ {{DownNeighbor.Replace("\"state\": \"Active\", \"downSeconds\": 75,", "\"state\": \"Established\", \"uptimeSeconds\": 3,", StringComparison.Ordinal)
                .Replace("\"flaps\": 1,", "\"flaps\": 1, \"session\": { \"peerAs\": 65001, \"peerRouterId\": \"10.255.0.1\", \"peerHostname\": \"leaf-1\", \"holdTime\": 9, \"keepalive\": 3, \"families\": [\"ipv4-unicast\"], \"fourOctetAs\": true, \"extendedNextHop\": false, \"routeRefresh\": true, \"enhancedRouteRefresh\": true, \"maxMessageSize\": 65535 },", StringComparison.Ordinal)}} ] }
            """);

        var text = Tables.Neighbors(json);

        Assert.Contains("hostname leaf-1", text, StringComparison.Ordinal);
        Assert.Contains("4-octet AS yes, extended next hop no, route refresh yes, enhanced route refresh yes, max message size 65535", text, StringComparison.Ordinal);
        Assert.Contains("up/down 00:00:03", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RoutesTableHasMedAndSeparateCommunityColumns()
    {
        var json = JsonSerializer.Deserialize("""
            { "asn": 65010, "routerId": "10.0.0.1", "routes": [ { "prefix": "10.1.0.0/16", "nextHop": "fe80::1", "peer": "leaf1", "paths": 1, "asPath": "65001", "origin": "igp",
              "med": 50, "communities": ["65001:7"], "largeCommunities": ["65001:1:2"] } ] }
            """, BgpSpeaker.Control.ControlJson.Default.RoutesView)!;

        var lines = Tables.Routes(json).Split('\n');

        Assert.Equal(["Prefix", "Next", "hop", "Neighbor", "Paths", "AS", "path", "Origin", "MED", "Communities", "Large", "communities"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["10.1.0.0/16", "fe80::1", "leaf1", "1", "65001", "igp", "50", "65001:7", "65001:1:2"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
