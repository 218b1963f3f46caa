using System.Text.Json;
using BgpSpeaker.Cli;

namespace BgpSpeaker.Tests.Cli;

public class TablesTests
{
    [Fact]
    public void DecisionTableNamesTheStepEachPathLostAt()
    {
        var json = JsonDocument.Parse("""
            { "prefix": "10.1.0.0/16", "paths": [
              { "peer": "leaf1", "nextHop": "10.255.1.0", "asPath": "65001", "origin": "igp", "localPref": 100, "best": true, "multipath": true, "outcome": "best" },
              { "peer": "leaf2", "nextHop": "10.255.2.0", "asPath": "65002", "origin": "igp", "localPref": 100, "best": false, "multipath": true, "outcome": "lost at router id (lower wins)" },
              { "peer": "leaf3", "nextHop": "10.255.3.0", "asPath": "65003 65100", "origin": "igp", "localPref": 100, "med": 5, "best": false, "multipath": false, "outcome": "lost at AS path length (shorter wins)" } ] }
            """).RootElement;

        var lines = Tables.Decision(json).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("10.1.0.0/16: 3 path(s), 2 used (equal cost)", lines[0]);
        Assert.StartsWith("Neighbor", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("best", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("equal-cost; lost at router id (lower wins)", lines[3], StringComparison.Ordinal);
        Assert.Contains(" 5 ", lines[4], StringComparison.Ordinal);
        Assert.EndsWith("lost at AS path length (shorter wins)", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void DecisionTableForAnUnknownPrefixOrABadOne()
    {
        Assert.Equal("192.0.2.0/24: no path\n", Tables.Decision(JsonDocument.Parse("""{ "prefix": "192.0.2.0/24", "paths": [] }""").RootElement));
        Assert.Equal("'x' is not a prefix\n", Tables.Decision(JsonDocument.Parse("""{ "error": "'x' is not a prefix" }""").RootElement));
    }
}
