using System.Globalization;
using System.Text;
using BgpSpeaker.Control;

namespace BgpSpeaker.Cli;

/// <summary>Plain-text tables of the control socket's JSON, in the spirit of FRR's "show bgp summary".</summary>
internal static class Tables
{
    private static readonly string[] SummaryHeader = ["Neighbor", "AS", "State", "Up/Down", "PfxRcd", "PfxSnt", "MsgRcvd", "MsgSent", "Last down"];
    private static readonly string[] DecisionHeader = ["Neighbor", "Next hop", "AS path", "LocPrf", "MED", "Origin", "Communities", "Large communities", "Decision"];
    private static readonly string[] FibHeader = ["Prefix", "Next hops"];
    private static readonly string[] FibDifferenceHeader = ["Prefix", "Wanted", "In the kernel"];
    private static readonly string[] HealthHeader = ["Network", "Announced", "Probe", "State", "In a row", "Last result", "Checked"];
    private static readonly string[] RoutesHeader = ["Prefix", "Next hop", "Neighbor", "Paths", "AS path", "Origin", "MED", "Communities", "Large communities"];

    public static string Summary(StatusView status)
    {
        var rows = new List<string[]> { SummaryHeader };
        foreach (var n in status.Neighbors ?? [])
        {
            rows.Add([
                n.Name,
                n.Session?.PeerAs.ToString(CultureInfo.InvariantCulture) ?? n.RemoteAs,
                n.State,
                UpDown(n),
                Number(n.PrefixesReceived),
                Number(n.PrefixesAdvertised),
                Number(n.MessagesReceived.Total),
                Number(n.MessagesSent.Total),
                n.LastDown?.Reason ?? "",
            ]);
        }
        var text = new StringBuilder($"BGP router identifier {status.RouterId}, local AS {status.Asn}\n\n").Append(Format(rows));
        foreach (var l in status.LocalPeers ?? [])
        {
            string from = string.Join(", ", [.. l.Ranges, .. l.Interface is { } i ? new[] { $"interface {i}" } : []]);
            text.Append(CultureInfo.InvariantCulture,
                $"\nlocal peer {l.Name} ({from}, AS {l.RemoteAs}, pools {string.Join(", ", l.Pools)}): {l.Established} of {l.MaxPeers} sessions established; refused {l.ConnectionsRefused.MaxPeers} for maxPeers, {l.ConnectionsRefused.Interface} on another interface\n");
        }
        return text.ToString();
    }

    public static string Neighbors(StatusView status)
    {
        var text = new StringBuilder();
        foreach (var n in status.Neighbors ?? [])
        {
            string address = n.Address is { } at && at != n.Name ? $" ({at})" : "";
            text.Append(CultureInfo.InvariantCulture, $"neighbor {n.Name}{address}, remote AS {n.RemoteAs}, state {n.State}, up/down {UpDown(n)}\n");
            if (n.Interface is { } port)
            {
                text.Append(CultureInfo.InvariantCulture, $"  fabric: {port.State}\n"); // "up1: peer fe80::…", "up1: link down"
            }
            if (n.Session is { } s)
            {
                string host = s.PeerHostname is { } h ? $", hostname {h}" : "";
                text.Append(CultureInfo.InvariantCulture, $"  peer AS {s.PeerAs}, router id {s.PeerRouterId}{host}, hold {s.HoldTime}s, keepalive {s.Keepalive}s\n");
                text.Append(CultureInfo.InvariantCulture, $"  families {string.Join(", ", s.Families)}\n");
                text.Append(CultureInfo.InvariantCulture, $"  4-octet AS {YesNo(s.FourOctetAs)}, extended next hop {YesNo(s.ExtendedNextHop)}, route refresh {YesNo(s.RouteRefresh)}, enhanced route refresh {YesNo(s.EnhancedRouteRefresh)}, max message size {s.MaxMessageSize}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"  prefixes held {n.PrefixesReceived} (ipv4 {n.PrefixesReceivedIpv4}, ipv6 {n.PrefixesReceivedIpv6}), advertised {n.PrefixesAdvertised}, flaps {n.Flaps}\n");
            var a = n.Announcements;
            text.Append(CultureInfo.InvariantCulture, $"  announcements received {a.Received}: accepted {a.Accepted}, rejected by policy {a.RejectedByPolicy}, rejected as loop {a.RejectedAsLoop}, treated as withdraw {a.TreatedAsWithdraw}; malformed UPDATEs {n.MalformedUpdates}\n");
            text.Append(CultureInfo.InvariantCulture, $"  messages received {Counters(n.MessagesReceived)}\n  messages sent     {Counters(n.MessagesSent)}\n");
            foreach (var (family, why) in n.NotAnnounced ?? new Dictionary<string, string>())
            {
                text.Append(CultureInfo.InvariantCulture, $"  not announcing {family}: {why}\n");
            }
            AppendDown(text, n.LastDown, "last down");
            AppendDown(text, n.LastFailedAttempt, "last failed attempt");
            if (n.RecentMalformedUpdates is { Count: > 0 } recent)
            {
                text.Append("  recent malformed UPDATEs (newest first):\n");
                foreach (var m in recent)
                {
                    var prefixes = string.Join(", ", m.Prefixes);
                    string more = m.MorePrefixes > 0 ? $" and {m.MorePrefixes} more" : "";
                    text.Append(CultureInfo.InvariantCulture, $"    {m.At} {m.Handling}: {m.Reason}; prefixes {(prefixes.Length == 0 ? "none" : prefixes)}{more}; attribute {(m.Attribute.Length > 0 ? m.Attribute : "-")}\n");
                }
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string Routes(RoutesView view)
    {
        var rows = new List<string[]> { RoutesHeader };
        foreach (var r in view.Routes ?? [])
        {
            rows.Add([r.Prefix, r.NextHop, r.Peer, Number(r.Paths), r.AsPath, r.Origin, r.Med is { } med ? Number(med) : "",
                Words(r.Communities), Words(r.LargeCommunities)]);
        }
        string more = view.Next is { } next ? $"; more after {next} (--after {next})" : "";
        return Format(rows) + $"\n{rows.Count - 1} route(s){more}\n";
    }

    public static string Fib(FibJsonView fib)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"kernel table {fib.Table}, protocol {fib.Protocol}: {fib.Desired} route(s) wanted, {fib.InKernel} in the kernel, {fib.Pending} pending; {(fib.InSync ? "in sync" : "NOT in sync")}\n\n"));
        var rows = new List<string[]> { FibHeader };
        rows.AddRange(fib.Routes.Select(r => new[] { r.Prefix, string.Join(", ", r.NextHops) }));
        text.Append(Format(rows));
        if (fib.Differences.Count > 0)
        {
            var diff = new List<string[]> { FibDifferenceHeader };
            diff.AddRange(fib.Differences.Select(d => new[] { d.Prefix, Or(d.Want), Or(d.Kernel) }));
            text.Append("\ndifferences:\n").Append(Format(diff));
        }
        return text.ToString();

        static string Or(string value) => value.Length > 0 ? value : "-";
    }

    public static string Health(HealthView health)
    {
        if (health.Networks.Count == 0)
        {
            return "no health-gated network (networks without health are always announced)\n";
        }
        var rows = new List<string[]> { HealthHeader };
        foreach (var n in health.Networks)
        {
            var probes = n.Probes.Select(p => (p.Probe, p.State, Streak: p.Streak >= 0 ? $"{p.Streak} ok (rise {p.Rise})" : $"{-p.Streak} failed (fall {p.Fall})", p.LastResult, p.LastChecked ?? "-")).ToList();
            if (n.FabricSessions is { } up)
            {
                probes.Add(("fabric sessions", up >= n.MinFabricSessions ? "up" : "down", $"{up} of at least {n.MinFabricSessions}", "", ""));
            }
            foreach (var (p, i) in probes.Select((p, i) => (p, i)))
            {
                rows.Add([i == 0 ? n.Prefix : "", i == 0 ? n.Announced : "", p.Probe, p.State, p.Streak, p.LastResult, p.Item5]);
            }
        }
        return Format(rows);
    }

    public static string Decision(DecisionView view)
    {
        var paths = view.Paths ?? [];
        if (paths.Count == 0)
        {
            return $"{view.Prefix}: no path\n";
        }
        var rows = new List<string[]> { DecisionHeader };
        foreach (var p in paths)
        {
            rows.Add([p.Peer, p.NextHop, p.AsPath, Number(p.LocalPref), p.Med is { } med ? Number(med) : "", p.Origin,
                Words(p.Communities), Words(p.LargeCommunities), p.Multipath && p.Outcome != "best" ? $"equal-cost; {p.Outcome}" : p.Outcome]);
        }
        return $"{view.Prefix}: {paths.Count} path(s), {paths.Count(p => p.Multipath)} used (equal cost)\n" + Format(rows);
    }

    /// <summary>Time since the session's last change: up for so long, or down for so long; "never" when it never was up.</summary>
    private static string UpDown(NeighborView n) =>
        n.UptimeSeconds is { } up ? Duration(up) : n.DownSeconds is { } down ? Duration(down) : "never";

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Words(IReadOnlyList<string>? list) => list is null ? "" : string.Join(' ', list);

    private static void AppendDown(StringBuilder text, DownView? down, string label)
    {
        if (down is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {label} {down.At}: {down.Reason}\n");
        }
    }

    private static string Counters(MessagesView c) =>
        $"open {c.Open}, update {c.Update}, keepalive {c.Keepalive}, notification {c.Notification}, route-refresh {c.RouteRefresh}";

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
