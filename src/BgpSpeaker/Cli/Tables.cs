using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.Cli;

/// <summary>Plain-text tables of the control socket's JSON, in the spirit of FRR's "show bgp summary".</summary>
internal static class Tables
{
    private static readonly string[] SummaryHeader = ["Neighbor", "AS", "State", "Up/Down", "PfxRcd", "PfxSnt", "MsgRcvd", "MsgSent", "Last down"];
    private static readonly string[] DecisionHeader = ["Neighbor", "Next hop", "AS path", "LocPrf", "MED", "Origin", "Communities", "Large communities", "Decision"];
    private static readonly string[] FibHeader = ["Prefix", "Next hops"];
    private static readonly string[] FibDifferenceHeader = ["Prefix", "Wanted", "In the kernel"];
    private static readonly string[] RoutesHeader = ["Prefix", "Next hop", "Neighbor", "Paths", "AS path", "Origin", "MED", "Communities", "Large communities"];

    public static string Summary(JsonElement root)
    {
        var rows = new List<string[]> { SummaryHeader };
        foreach (var n in root.GetProperty("neighbors").EnumerateArray())
        {
            rows.Add([
                n.GetProperty("name").GetString()!,
                n.TryGetProperty("session", out var s) ? s.GetProperty("peerAs").ToString() : n.GetProperty("remoteAs").GetString()!,
                n.GetProperty("state").GetString()!,
                UpDown(n),
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
        if (root.TryGetProperty("error", out var error))
        {
            return error.GetString() + "\n";
        }
        var text = new StringBuilder();
        foreach (var n in root.GetProperty("neighbors").EnumerateArray())
        {
            text.Append(CultureInfo.InvariantCulture, $"neighbor {n.GetProperty("name").GetString()}, remote AS {n.GetProperty("remoteAs").GetString()}, state {n.GetProperty("state").GetString()}, up/down {UpDown(n)}\n");
            if (n.TryGetProperty("interface", out var port))
            {
                text.Append(CultureInfo.InvariantCulture, $"  fabric: {port.GetProperty("state").GetString()}\n"); // "up1: peer fe80::…", "up1: link down"
            }
            if (n.TryGetProperty("session", out var s))
            {
                string host = s.TryGetProperty("peerHostname", out var h) ? $", hostname {h.GetString()}" : "";
                text.Append(CultureInfo.InvariantCulture, $"  peer AS {s.GetProperty("peerAs")}, router id {s.GetProperty("peerRouterId").GetString()}{host}, hold {s.GetProperty("holdTime")}s, keepalive {s.GetProperty("keepalive")}s\n");
                text.Append(CultureInfo.InvariantCulture, $"  families {string.Join(", ", s.GetProperty("families").EnumerateArray().Select(f => f.GetString()))}\n");
                text.Append(CultureInfo.InvariantCulture, $"  4-octet AS {YesNo(s, "fourOctetAs")}, extended next hop {YesNo(s, "extendedNextHop")}, route refresh {YesNo(s, "routeRefresh")}, enhanced route refresh {YesNo(s, "enhancedRouteRefresh")}, max message size {s.GetProperty("maxMessageSize")}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"  prefixes held {n.GetProperty("prefixesReceived")} (ipv4 {n.GetProperty("prefixesReceivedIpv4")}, ipv6 {n.GetProperty("prefixesReceivedIpv6")}), advertised {n.GetProperty("prefixesAdvertised")}, flaps {n.GetProperty("flaps")}\n");
            var a = n.GetProperty("announcements");
            text.Append(CultureInfo.InvariantCulture, $"  announcements received {a.GetProperty("received")}: accepted {a.GetProperty("accepted")}, rejected by policy {a.GetProperty("rejectedByPolicy")}, rejected as loop {a.GetProperty("rejectedAsLoop")}, treated as withdraw {a.GetProperty("treatedAsWithdraw")}; malformed UPDATEs {n.GetProperty("malformedUpdates")}\n");
            text.Append(CultureInfo.InvariantCulture, $"  messages received {Counters(n.GetProperty("messagesReceived"))}\n  messages sent     {Counters(n.GetProperty("messagesSent"))}\n");
            if (n.TryGetProperty("notAnnounced", out var notAnnounced))
            {
                foreach (var family in notAnnounced.EnumerateObject())
                {
                    text.Append(CultureInfo.InvariantCulture, $"  not announcing {family.Name}: {family.Value.GetString()}\n");
                }
            }
            AppendDown(text, n, "lastDown", "last down");
            AppendDown(text, n, "lastFailedAttempt", "last failed attempt");
            if (n.TryGetProperty("recentMalformedUpdates", out var recent) && recent.GetArrayLength() > 0)
            {
                text.Append("  recent malformed UPDATEs (newest first):\n");
                foreach (var m in recent.EnumerateArray())
                {
                    var prefixes = string.Join(", ", m.GetProperty("prefixes").EnumerateArray().Select(p => p.GetString()));
                    string more = m.GetProperty("morePrefixes").GetInt32() is > 0 and var k ? $" and {k} more" : "";
                    text.Append(CultureInfo.InvariantCulture, $"    {m.GetProperty("at").GetString()} {m.GetProperty("handling").GetString()}: {m.GetProperty("reason").GetString()}; prefixes {(prefixes.Length == 0 ? "none" : prefixes)}{more}; attribute {(m.GetProperty("attribute").GetString() is { Length: > 0 } hex ? hex : "-")}\n");
                }
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
            rows.Add([r.GetProperty("prefix").GetString()!, r.GetProperty("nextHop").GetString()!, r.GetProperty("peer").GetString()!,
                r.TryGetProperty("paths", out var paths) ? paths.ToString() : "1", r.GetProperty("asPath").GetString()!, r.GetProperty("origin").GetString()!,
                r.TryGetProperty("med", out var med) ? med.ToString() : "", Words(r, "communities"), Words(r, "largeCommunities")]);
        }
        string more = root.TryGetProperty("next", out var next) ? $"; more after {next.GetString()} (--after {next.GetString()})" : "";
        return Format(rows) + $"\n{rows.Count - 1} route(s){more}\n";
    }

    public static string Fib(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error))
        {
            return error.GetString() + "\n";
        }
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"kernel table {root.GetProperty("table")}, protocol {root.GetProperty("protocol")}: {root.GetProperty("desired")} route(s) wanted, {root.GetProperty("inKernel")} in the kernel, {root.GetProperty("pending")} pending; {(root.GetProperty("inSync").GetBoolean() ? "in sync" : "NOT in sync")}\n\n"));
        var rows = new List<string[]> { FibHeader };
        rows.AddRange(root.GetProperty("routes").EnumerateArray().Select(r => new[]
            { r.GetProperty("prefix").GetString()!, string.Join(", ", r.GetProperty("nextHops").EnumerateArray().Select(h => h.GetString())) }));
        text.Append(Format(rows));
        var differences = root.GetProperty("differences").EnumerateArray().ToList();
        if (differences.Count > 0)
        {
            var diff = new List<string[]> { FibDifferenceHeader };
            diff.AddRange(differences.Select(d => new[] { d.GetProperty("prefix").GetString()!, Or(d, "want"), Or(d, "kernel") }));
            text.Append("\ndifferences:\n").Append(Format(diff));
        }
        return text.ToString();

        static string Or(JsonElement e, string name) => e.GetProperty(name).GetString() is { Length: > 0 } value ? value : "-";
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
                Words(p, "communities"), Words(p, "largeCommunities"),
                p.GetProperty("multipath").GetBoolean() && outcome != "best" ? $"equal-cost; {outcome}" : outcome]);
        }
        int multipath = paths.Count(p => p.GetProperty("multipath").GetBoolean());
        return $"{root.GetProperty("prefix").GetString()}: {paths.Count} path(s), {multipath} used (equal cost)\n" + Format(rows);
    }

    /// <summary>Time since the session's last change: up for so long, or down for so long; "never" when it never was up.</summary>
    private static string UpDown(JsonElement n) =>
        n.TryGetProperty("uptimeSeconds", out var up) ? Duration(up.GetInt64())
        : n.TryGetProperty("downSeconds", out var down) ? Duration(down.GetInt64())
        : "never";

    private static string YesNo(JsonElement e, string name) => e.GetProperty(name).GetBoolean() ? "yes" : "no";

    private static string Words(JsonElement e, string name) =>
        e.TryGetProperty(name, out var list) ? string.Join(' ', list.EnumerateArray().Select(x => x.GetString())) : "";

    private static void AppendDown(StringBuilder text, JsonElement n, string name, string label)
    {
        if (n.TryGetProperty(name, out var down))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {label} {down.GetProperty("at").GetString()}: {down.GetProperty("reason").GetString()}\n");
        }
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
