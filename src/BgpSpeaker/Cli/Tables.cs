using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.Cli;

/// <summary>Plain-text tables of the control socket's JSON, in the spirit of FRR's "show bgp summary".</summary>
internal static class Tables
{
    private static readonly string[] SummaryHeader = ["Neighbor", "AS", "State", "Up/Down", "PfxRcd", "PfxSnt", "MsgRcvd", "MsgSent", "Last down"];
    private static readonly string[] DecisionHeader = ["Neighbor", "Next hop", "AS path", "LocPrf", "MED", "Origin", "Decision"];
    private static readonly string[] RoutesHeader = ["Prefix", "Next hop", "Neighbor", "Paths", "AS path", "Origin", "Communities"];

    public static string Summary(JsonElement root)
    {
        var rows = new List<string[]> { SummaryHeader };
        foreach (var n in root.GetProperty("neighbors").EnumerateArray())
        {
            rows.Add([
                n.GetProperty("name").GetString()!,
                n.TryGetProperty("session", out var s) ? s.GetProperty("peerAs").ToString() : n.GetProperty("remoteAs").GetString()!,
                n.GetProperty("state").GetString()!,
                n.TryGetProperty("uptimeSeconds", out var up) ? Duration(up.GetInt64()) : "never",
                n.GetProperty("prefixesReceived").ToString(),
                n.GetProperty("prefixesAdvertised").ToString(),
                n.GetProperty("messagesReceived").GetProperty("total").ToString(),
                n.GetProperty("messagesSent").GetProperty("total").ToString(),
                n.TryGetProperty("lastDown", out var down) ? down.GetProperty("reason").GetString()! : "",
            ]);
        }
        return $"BGP router identifier {root.GetProperty("routerId").GetString()}, local AS {root.GetProperty("asn")}\n\n" + Format(rows);
    }

    public static string Neighbors(JsonElement root)
    {
        var text = new StringBuilder();
        foreach (var n in root.GetProperty("neighbors").EnumerateArray())
        {
            text.Append(CultureInfo.InvariantCulture, $"neighbor {n.GetProperty("name").GetString()}, remote AS {n.GetProperty("remoteAs").GetString()}, state {n.GetProperty("state").GetString()}\n");
            if (n.TryGetProperty("session", out var s))
            {
                text.Append(CultureInfo.InvariantCulture, $"  peer AS {s.GetProperty("peerAs")}, router id {s.GetProperty("peerRouterId").GetString()}, hold {s.GetProperty("holdTime")}s, keepalive {s.GetProperty("keepalive")}s\n");
                text.Append(CultureInfo.InvariantCulture, $"  families {string.Join(", ", s.GetProperty("families").EnumerateArray().Select(f => f.GetString()))}; 4-octet AS {s.GetProperty("fourOctetAs")}, extended next hop {s.GetProperty("extendedNextHop")}, route refresh {s.GetProperty("routeRefresh")}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"  prefixes received {n.GetProperty("prefixesReceived")} (ipv4 {n.GetProperty("prefixesReceivedIpv4")}, ipv6 {n.GetProperty("prefixesReceivedIpv6")}), advertised {n.GetProperty("prefixesAdvertised")}, flaps {n.GetProperty("flaps")}\n");
            text.Append(CultureInfo.InvariantCulture, $"  messages received {Counters(n.GetProperty("messagesReceived"))}\n  messages sent     {Counters(n.GetProperty("messagesSent"))}\n");
            if (n.TryGetProperty("lastDown", out var down))
            {
                text.Append(CultureInfo.InvariantCulture, $"  last down {down.GetProperty("at").GetString()}: {down.GetProperty("reason").GetString()}\n");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string Routes(JsonElement root)
    {
        var rows = new List<string[]> { RoutesHeader };
        foreach (var r in root.GetProperty("routes").EnumerateArray())
        {
            var communities = r.TryGetProperty("communities", out var c) ? c.EnumerateArray().Select(x => x.GetString()!) : [];
            var large = r.TryGetProperty("largeCommunities", out var l) ? l.EnumerateArray().Select(x => x.GetString()!) : [];
            rows.Add([r.GetProperty("prefix").GetString()!, r.GetProperty("nextHop").GetString()!, r.GetProperty("peer").GetString()!,
                r.TryGetProperty("paths", out var paths) ? paths.ToString() : "1", r.GetProperty("asPath").GetString()!, r.GetProperty("origin").GetString()!, string.Join(' ', communities.Concat(large))]);
        }
        return Format(rows) + $"\n{rows.Count - 1} route(s)\n";
    }

    public static string Decision(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error))
        {
            return error.GetString() + "\n";
        }
        var paths = root.GetProperty("paths").EnumerateArray().ToList();
        if (paths.Count == 0)
        {
            return $"{root.GetProperty("prefix").GetString()}: no path\n";
        }
        var rows = new List<string[]> { DecisionHeader };
        foreach (var p in paths)
        {
            string outcome = p.GetProperty("outcome").GetString()!;
            rows.Add([p.GetProperty("peer").GetString()!, p.GetProperty("nextHop").GetString()!, p.GetProperty("asPath").GetString()!,
                p.GetProperty("localPref").ToString(), p.TryGetProperty("med", out var med) ? med.ToString() : "", p.GetProperty("origin").GetString()!,
                p.GetProperty("multipath").GetBoolean() && outcome != "best" ? $"equal-cost; {outcome}" : outcome]);
        }
        int multipath = paths.Count(p => p.GetProperty("multipath").GetBoolean());
        return $"{root.GetProperty("prefix").GetString()}: {paths.Count} path(s), {multipath} used (equal cost)\n" + Format(rows);
    }

    private static string Counters(JsonElement c) =>
        $"open {c.GetProperty("open")}, update {c.GetProperty("update")}, keepalive {c.GetProperty("keepalive")}, notification {c.GetProperty("notification")}, route-refresh {c.GetProperty("routeRefresh")}";

    private static string Duration(long seconds) =>
        seconds >= 86400 ? $"{seconds / 86400}d{seconds % 86400 / 3600:00}h" : TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private static string Format(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }
}
