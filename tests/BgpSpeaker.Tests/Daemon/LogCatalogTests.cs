using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using BgpSpeaker.Daemon;
using BgpSpeaker.Fabric;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Tests.Daemon;

/// <summary>
/// The log catalog: every [LoggerMessage] of the daemon has an id no other line uses, inside its class's
/// declared range, and a unique event name. Operators alert on the ids, so they never move.
/// </summary>
public partial class LogCatalogTests
{
    /// <summary>One [LoggerMessage] method as the checks see it; Range is its class's [LogEventRange], if any.</summary>
    internal sealed record Entry(string Class, string Method, int Id, string? Name, (int First, int Last)? Range)
    {
        public override string ToString() => $"{Class}.{Method} [{Id}] {Name}";
    }

    /// <summary>The areas and their ranges, as the README lists them.</summary>
    private static readonly Dictionary<string, (int First, int Last)> Areas = new()
    {
        [nameof(ProcessLog)] = (1000, 1099),
        [nameof(SessionLog)] = (1100, 1199),
        [nameof(RoutingLog)] = (1200, 1299),
        [nameof(ControlLog)] = (1300, 1399),
        [nameof(ConfigLog)] = (1400, 1499),
        [nameof(FabricLog)] = (1500, 1599),
        [nameof(MetricsLog)] = (1600, 1699),
        [nameof(HealthLog)] = (1700, 1799),
    };

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex PascalCase();

    /// <summary>Every [LoggerMessage] method in the bgpspeaker executable.</summary>
    private static List<Entry> Catalog()
    {
        var entries = new List<Entry>();
        foreach (var type in typeof(RoutingLoop).Assembly.GetTypes())
        {
            var range = type.GetCustomAttribute<LogEventRangeAttribute>();
            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(All))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } message)
                {
                    entries.Add(new Entry(type.Name, method.Name, message.EventId, message.EventName,
                        range is null ? null : (range.First, range.Last)));
                }
            }
        }
        return entries;
    }

    /// <summary>What is wrong with a catalog, one sentence per problem; empty when all is well.</summary>
    private static List<string> Problems(IReadOnlyList<Entry> entries)
    {
        var problems = new List<string>();
        foreach (var group in entries.GroupBy(e => e.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"event id {group.Key} is used by {string.Join(" and ", group)}");
        }
        foreach (var entry in entries.Where(e => string.IsNullOrEmpty(e.Name) || !PascalCase().IsMatch(e.Name)))
        {
            problems.Add($"{entry} has no PascalCase EventName");
        }
        foreach (var group in entries.Where(e => !string.IsNullOrEmpty(e.Name)).GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"event name {group.Key} is used by {string.Join(" and ", group)}");
        }
        foreach (var entry in entries)
        {
            if (entry.Range is not { } range)
            {
                problems.Add($"{entry}: class {entry.Class} declares no [LogEventRange]");
            }
            else if (entry.Id < range.First || entry.Id > range.Last)
            {
                problems.Add($"{entry}: id outside {entry.Class}'s range {range.First}-{range.Last}");
            }
        }
        var ranges = entries.Where(e => e.Range is not null).Select(e => (e.Class, Range: e.Range!.Value)).Distinct().ToList();
        foreach (var (name, range) in ranges.Where(r => r.Range.First > r.Range.Last))
        {
            problems.Add($"{name}'s range {range.First}-{range.Last} is empty");
        }
        for (int i = 0; i < ranges.Count; i++)
        {
            for (int j = i + 1; j < ranges.Count; j++)
            {
                var (a, b) = (ranges[i], ranges[j]);
                if (a.Range.First <= b.Range.Last && b.Range.First <= a.Range.Last)
                {
                    problems.Add($"{a.Class} ({a.Range.First}-{a.Range.Last}) and {b.Class} ({b.Range.First}-{b.Range.Last}) overlap");
                }
            }
        }
        return problems;
    }

    [Fact]
    public void EveryIdAndEventNameIsUsedOnceInsideItsClassRange()
    {
        var catalog = Catalog();

        Assert.NotEmpty(catalog);
        Assert.Empty(Problems(catalog));
    }

    [Fact]
    public void EachAreaHasItsDocumentedRange()
    {
        var declared = Catalog().Where(e => e.Range is not null).GroupBy(e => e.Class)
            .ToDictionary(g => g.Key, g => g.First().Range!.Value);

        Assert.Equal(Areas.OrderBy(a => a.Key), declared.OrderBy(d => d.Key));
    }

    [Theory]
    [InlineData(1002, nameof(ProcessLog), "DaemonFatal")]
    [InlineData(1200, nameof(RoutingLog), "MalformedUpdate")]
    [InlineData(1400, nameof(ConfigLog), "ConfigReloaded")]
    [InlineData(1402, nameof(ConfigLog), "ReloadRefused")]
    [InlineData(1404, nameof(ConfigLog), "ReloadFailed")]
    public void IdsOperatorsAndTestsRelyOnStayWhereTheyAre(int id, string area, string name)
    {
        var entry = Assert.Single(Catalog(), e => e.Id == id);

        Assert.Equal((area, name), (entry.Class, entry.Name));
    }

    [Fact]
    public void TheChecksFindASharedIdAMissingOrSharedNameAStrayIdAndOverlappingRanges()
    {
        (int, int) session = (1100, 1199), routing = (1200, 1299), overlapping = (1150, 1249);
        Entry[] bad =
        [
            new("SessionLog", "Down", 1102, "SessionDown", session),
            new("SessionLog", "Gone", 1102, "SessionGone", session),
            new("SessionLog", "Quiet", 1103, null, session),
            new("RoutingLog", "Announced", 1203, "SessionDown", routing),
            new("RoutingLog", "Stray", 1300, "Stray", routing),
            new("Unranged", "Note", 1900, "Note", null),
            new("OtherLog", "Other", 1160, "Other", overlapping),
        ];

        var problems = Problems(bad);

        Assert.Contains(problems, p => p.StartsWith("event id 1102 is used by", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Quiet", StringComparison.Ordinal) && p.Contains("no PascalCase EventName", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("event name SessionDown is used by", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Stray", StringComparison.Ordinal) && p.Contains("outside RoutingLog's range", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Unranged declares no [LogEventRange]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("SessionLog (1100-1199) and OtherLog (1150-1249) overlap", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("RoutingLog (1200-1299) and OtherLog (1150-1249) overlap", StringComparison.Ordinal));
        Assert.Equal(7, problems.Count);
    }

    [Fact]
    public void ValuesPassedAsValuesReadAsTheJoinedStringsDid()
    {
        var log = new ListLogger<LogCatalogTests>();

        ProcessLog.Started(log, 4200000011, IPAddress.Parse("10.0.0.11"), 2, 1,
            [new IPEndPoint(IPAddress.Any, 179), new IPEndPoint(IPAddress.IPv6Any, 179)]);
        FabricLog.Started(log, ["eth1", "enp*s0f*"], "names or patterns; sessions start as leaves are learned");
        SessionLog.UnknownPeer(log, IPAddress.Parse("192.0.2.7"), 3);
        SessionLog.TooManyPending(log, IPAddress.Parse("fe80::2"), 5, 4);
        RoutingLog.CannotAnnounce(log, "leaf-1", AfiSafi.Ipv6Unicast, "no IPv6 next hop");

        Assert.Equal(
            ["bgpspeaker AS4200000011 router-id 10.0.0.11: 2 neighbor(s), 1 network(s), listening on 0.0.0.0:179, [::]:179",
             "fabric: peering on eth1, enp*s0f* (names or patterns; sessions start as leaves are learned)",
             "refused 3 connection(s) from 192.0.2.7: no neighbor configured for that address (reported at most every 10 s)",
             "refused 5 connection(s) from fe80::2: it already has 4 connections without an established session (reported at most every 10 s)",
             "neighbor leaf-1: cannot announce ipv6-unicast: no IPv6 next hop"],
            log.Lines);
    }
}
