using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BgpSpeaker.Interop.Tests.Lab;
using Xunit.Abstractions;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// Flap soak (issue 10): one FRR leaf with an IPv4 and an IPv6 session to bgpspeaker announces 2,000 +
/// 1,000 prefixes, changes a subset before every flap, and resets both sessions 200 times. Afterwards
/// our RIB must equal FRR's view, and the daemon's memory, descriptors and sockets must be back at
/// their baseline. The figures are printed (run with <c>--logger "console;verbosity=detailed"</c>).
/// </summary>
/// <remarks>
/// The flaps mix what happens in a fabric: <c>clear bgp *</c> (Cease/Administrative Reset, the common
/// operator action), <c>neighbor shutdown</c> / <c>no neighbor shutdown</c> (Cease/Administrative
/// Shutdown, maintenance), and a few times a SIGKILL and restart of bgpd (a crash: the connections just
/// close, with no NOTIFICATION). Administrative Ceases are not damped by our FSM; crashes are (a lost
/// connection counts as a failure), so only four are made (one in the warm-up, then every 60th flap),
/// costing 1 + 2 + 4 + 8 s of idle hold.
/// </remarks>
public sealed class SoakInteropTests(ITestOutputHelper output) : InteropTestBase
{
    private const int Flaps = 200;
    private const int WarmUp = 3; // a crash, a clear, a shutdown: before the baseline, not counted in the 200
    private const int Ipv4Routes = 2000;
    private const int Ipv6Routes = 1000;
    private const int Ipv4Pool = 2400;
    private const int Ipv6Pool = 1200;
    private const int ChurnIpv4 = 20; // withdrawn, and as many others announced, before each flap
    private const int ChurnIpv6 = 10;
    private const int Restyled = 10; // announced prefixes whose attributes change before each flap
    private const string V4Neighbor = "10.255.1.1";
    private const string V6Neighbor = "2001:db8:ff:1::1";

    private static readonly string[] Ipv4Prefixes = [.. Enumerable.Range(0, Ipv4Pool).Select(i => $"10.{100 + (i / 256)}.{i % 256}.0/24")];
    private static readonly string[] Ipv6Prefixes = [.. Enumerable.Range(0, Ipv6Pool).Select(i => $"2001:db8:{0x1000 + i:x}::/48")];

    private static readonly HashSet<string> Pool = [.. Ipv4Prefixes, .. Ipv6Prefixes];

    /// <summary>Two attribute styles, set by route-maps on the network statements.</summary>
    private static readonly (int Med, string[] Communities)[] Styles = [(10, ["65001:10"]), (20, ["65001:20", "65001:21"])];

    private readonly Random _random = new(10);

    /// <summary>What FRR should announce now: prefix → style.</summary>
    private readonly Dictionary<string, int> _announced = [];

    [Fact]
    public async Task TwoHundredFlapsLeaveOurRibEqualToFrrsAndNothingLeaks()
    {
        var (leaf, node) = await LabAsync();
        // Warm-up: the daemon under test is JIT-compiled and opens some assemblies only when a code path
        // first runs (two descriptors each); the baseline is taken once every kind of flap has run.
        for (int flap = 1; flap <= WarmUp; flap++)
        {
            await leaf.ConfigureAsync(Churn());
            await FlapAsync(flap == 1 ? "crash" : flap % 2 == 0 ? "clear" : "shutdown", leaf, node, flap);
            await BothUpAsync(leaf, node, flap);
        }
        await ConvergedAsync(leaf, node, TimeSpan.FromSeconds(60));
        var before = await ResourcesAsync(node);

        var clock = Stopwatch.StartNew();
        var kinds = new Dictionary<string, int> { ["clear"] = 0, ["shutdown"] = 0, ["crash"] = 0 };
        var slowest = TimeSpan.Zero;
        for (int i = 1; i <= Flaps; i++)
        {
            int flap = WarmUp + i;
            await leaf.ConfigureAsync(Churn());
            var kind = i % 60 == 30 ? "crash" : i % 2 == 0 ? "clear" : "shutdown";
            kinds[kind]++;
            var started = clock.Elapsed;
            await FlapAsync(kind, leaf, node, flap);
            await BothUpAsync(leaf, node, flap);
            slowest = clock.Elapsed - started > slowest ? clock.Elapsed - started : slowest;
        }
        var loop = clock.Elapsed;
        await ConvergedAsync(leaf, node, TimeSpan.FromSeconds(60));
        var after = await ResourcesAsync(node);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {Flaps} flaps (after {WarmUp} warm-up ones) of both sessions ({kinds["clear"]} clear bgp *, {kinds["shutdown"]} neighbor shutdown, {kinds["crash"]} bgpd SIGKILL+restart) in {loop.TotalSeconds:0.0} s (mean {loop.TotalSeconds / Flaps:0.00} s, slowest {slowest.TotalSeconds:0.0} s); {Flaps * 2 * (ChurnIpv4 + ChurnIpv6 + Restyled)} route changes"));
        output.WriteLine($"routes at the end: {_announced.Count} ({_announced.Keys.Count(p => !p.Contains(':', StringComparison.Ordinal))} IPv4, {_announced.Keys.Count(p => p.Contains(':', StringComparison.Ordinal))} IPv6), equal to FRR's");
        output.WriteLine($"before: {before}");
        output.WriteLine($"after:  {after}");
        output.WriteLine($"descriptors that differ: {after.DiffFrom(before)}");

        foreach (var name in new[] { "leaf-v4", "leaf-v6" })
        {
            Assert.Equal(WarmUp + Flaps, (await node.NeighborAsync(name)).GetProperty("flaps").GetInt32());
        }
        Assert.True(after.ManagedBytes <= (before.ManagedBytes * 1.25) + (2 << 20),
            $"managed memory did not come back near its baseline: {before.ManagedBytes} → {after.ManagedBytes} bytes");
        foreach (var line in node.Log.Split('\n').Where(l => l.Contains("xception", StringComparison.Ordinal) || l.StartsWith("   at ", StringComparison.Ordinal)).Take(40))
        {
            output.WriteLine($"daemon log: {line}");
        }
        // Files the JIT-compiled daemon opens once, when a code path first runs (assemblies, symbols), are
        // not leaks; everything else (sockets, pipes, eventfds, epoll, timers) must be back to the baseline.
        Assert.Equal(before.NonFileDescriptors, after.NonFileDescriptors);
        Assert.Equal(before.Sockets, after.Sockets);
        Assert.Equal(before.TcpEstablished, after.TcpEstablished);
    }

    /// <summary>node —eth1— leaf over 10.255.1.0/31 and 2001:db8:ff:1::/64; bgpspeaker has one neighbor per family.</summary>
    private async Task<(Frr Leaf, Speaker Node)> LabAsync()
    {
        await _lab.AddNamespacesAsync("node", "leaf");
        await _lab.LinkAsync("node", "eth1", "leaf", "eth0");
        await _lab.AddressAsync("node", "eth1", "10.255.1.1/31");
        await _lab.AddressAsync("leaf", "eth0", "10.255.1.0/31");
        await _lab.AddressAsync("node", "eth1", "2001:db8:ff:1::1/64");
        await _lab.AddressAsync("leaf", "eth0", "2001:db8:ff:1::2/64");
        await _lab.AddressAsync("node", "eth1", "fe80::1/64"); // FRR wants a link-local next hop on an IPv6 session
        await _lab.AddressAsync("leaf", "eth0", "fe80::2/64");
        foreach (var prefix in Ipv4Prefixes.Take(Ipv4Routes).Concat(Ipv6Prefixes.Take(Ipv6Routes)))
        {
            _announced[prefix] = _random.Next(2);
        }
        var leaf = await _lab.StartFrrAsync("leaf", "leaf", LeafConfig());
        var node = await _lab.StartSpeakerAsync("node", Yaml("""
              - address: 10.255.1.0
                remoteAs: 65001
                description: leaf-v4
                import: accept
                export: accept
              - address: 2001:db8:ff:1::2
                remoteAs: 65001
                description: leaf-v6
                import: accept
                export: accept
            """));
        await BothUpAsync(leaf, node, 0);
        return (leaf, node);
    }

    /// <summary>bgpd's configuration for what <see cref="_announced"/> holds now (also written before a restart).</summary>
    private string LeafConfig()
    {
        var text = new StringBuilder("frr defaults traditional\nhostname leaf\nlog timestamp precision 3\n!\n");
        for (int style = 0; style < Styles.Length; style++)
        {
            text.Append(CultureInfo.InvariantCulture, $"route-map S{style} permit 10\n set metric {Styles[style].Med}\n set community {string.Join(' ', Styles[style].Communities)}\nexit\n!\n");
        }
        text.Append("router bgp 65001\n bgp router-id 10.255.255.1\n bgp log-neighbor-changes\n no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        foreach (var neighbor in new[] { V4Neighbor, V6Neighbor })
        {
            // MRAI 0: FRR's traditional profile would hold eBGP updates for up to 30 s.
            text.Append(CultureInfo.InvariantCulture, $" neighbor {neighbor} remote-as 65010\n neighbor {neighbor} timers 3 9\n neighbor {neighbor} timers connect 1\n neighbor {neighbor} advertisement-interval 0\n");
        }
        foreach (var (family, neighbor, v6) in new[] { ("ipv4", V4Neighbor, false), ("ipv6", V6Neighbor, true) })
        {
            text.Append(CultureInfo.InvariantCulture, $" address-family {family} unicast\n  neighbor {neighbor} activate\n");
            foreach (var (prefix, style) in _announced.Where(a => IsV6(a.Key) == v6))
            {
                text.Append(CultureInfo.InvariantCulture, $"  network {prefix} route-map S{style}\n");
            }
            text.Append(" exit-address-family\n");
        }
        return text.Append("exit\n").ToString();
    }

    private static bool IsV6(string prefix) => prefix.Contains(':', StringComparison.Ordinal);

    /// <summary>Withdraws some prefixes, announces as many others, restyles a few; returns the vtysh lines and updates the model.</summary>
    private string[] Churn()
    {
        var lines = new List<string> { "router bgp 65001" };
        foreach (var (family, pool, count) in new[] { ("ipv4", Ipv4Prefixes, ChurnIpv4), ("ipv6", Ipv6Prefixes, ChurnIpv6) })
        {
            lines.Add($"address-family {family} unicast");
            var announced = pool.Where(_announced.ContainsKey).ToList();
            var idle = pool.Where(p => !_announced.ContainsKey(p)).ToList();
            foreach (var prefix in Pick(announced, count))
            {
                _announced.Remove(prefix);
                lines.Add($"no network {prefix}");
            }
            foreach (var prefix in Pick(idle, count))
            {
                _announced[prefix] = _random.Next(2);
                lines.Add($"network {prefix} route-map S{_announced[prefix]}");
            }
            foreach (var prefix in Pick(pool.Where(_announced.ContainsKey).ToList(), Restyled))
            {
                _announced[prefix] = 1 - _announced[prefix];
                lines.Add($"network {prefix} route-map S{_announced[prefix]}");
            }
            lines.Add("exit-address-family");
        }
        return [.. lines];
    }

    private List<string> Pick(List<string> from, int count) => [.. from.OrderBy(_ => _random.Next()).Take(count)];

    private async Task FlapAsync(string kind, Frr leaf, Speaker node, int flap)
    {
        switch (kind)
        {
            case "clear":
                await leaf.VtyshAsync("clear bgp *");
                break;
            case "shutdown":
                await leaf.ConfigureAsync("router bgp 65001", $"neighbor {V4Neighbor} shutdown", $"neighbor {V6Neighbor} shutdown");
                await Wait.UntilAsync(async () => await FlapsAsync(node) == (flap, flap), TimeSpan.FromSeconds(15), $"flap {flap}: both sessions down", _lab.Diagnostics);
                await leaf.ConfigureAsync("router bgp 65001", $"no neighbor {V4Neighbor} shutdown", $"no neighbor {V6Neighbor} shutdown");
                break;
            default:
                await leaf.CrashAndRestartBgpdAsync(LeafConfig());
                break;
        }
    }

    private static async Task<(int, int)> FlapsAsync(Speaker node)
    {
        var neighbors = (await node.ShowAsync("neighbors")).GetProperty("neighbors").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!);
        return (neighbors["leaf-v4"].GetProperty("flaps").GetInt32(), neighbors["leaf-v6"].GetProperty("flaps").GetInt32());
    }

    /// <summary>Both sessions Established on both sides, each having flapped <paramref name="flaps"/> times.</summary>
    private Task BothUpAsync(Frr leaf, Speaker node, int flaps) => Wait.UntilAsync(async () =>
    {
        var neighbors = (await node.ShowAsync("neighbors")).GetProperty("neighbors").EnumerateArray().ToList();
        if (!neighbors.All(n => n.GetProperty("state").GetString() == "Established" && n.GetProperty("flaps").GetInt32() == flaps))
        {
            return false;
        }
        var peers = (await leaf.JsonAsync("show bgp summary json")).EnumerateObject()
            .SelectMany(family => family.Value.GetProperty("peers").EnumerateObject());
        return peers.All(p => p.Value.GetProperty("state").GetString() == "Established");
    }, TimeSpan.FromSeconds(40), $"both sessions Established after flap {flaps}", _lab.Diagnostics);

    private async Task ConvergedAsync(Frr leaf, Speaker node, TimeSpan timeout)
    {
        string? last = null;
        await Wait.UntilAsync(async () => (last = await DifferencesAsync(leaf, node)) is null, timeout,
            "our RIB to equal FRR's announcements", () => $"{last}\n{_lab.Diagnostics()}");
    }

    /// <summary>Null when our RIB holds exactly FRR's pool prefixes with FRR's attributes; else the first differences.</summary>
    private async Task<string?> DifferencesAsync(Frr leaf, Speaker node)
    {
        var frr = new Dictionary<string, JsonElement>();
        foreach (var family in new[] { "ipv4", "ipv6" })
        {
            foreach (var route in (await leaf.JsonAsync($"show bgp {family} unicast json")).GetProperty("routes").EnumerateObject())
            {
                if (Pool.Contains(route.Name))
                {
                    frr[route.Name] = route.Value.EnumerateArray().First(p => p.TryGetProperty("bestpath", out var best) && best.GetBoolean());
                }
            }
        }
        var ours = Routes(await node.ShowAsync("routes")).ToDictionary(r => r.GetProperty("prefix").GetString()!);
        var problems = new List<string>();
        problems.AddRange(_announced.Keys.Where(p => !frr.ContainsKey(p)).Select(p => $"FRR does not announce {p}"));
        problems.AddRange(frr.Keys.Where(p => !_announced.ContainsKey(p)).Select(p => $"FRR still announces {p}"));
        problems.AddRange(frr.Keys.Where(p => !ours.ContainsKey(p)).Select(p => $"we lack {p}"));
        problems.AddRange(ours.Keys.Where(p => !frr.ContainsKey(p)).Select(p => $"we have {p}, FRR does not announce it"));
        foreach (var (prefix, path) in frr)
        {
            if (!ours.TryGetValue(prefix, out var route) || !_announced.TryGetValue(prefix, out int style))
            {
                continue;
            }
            string expected = $"med {path.GetProperty("metric").GetInt64()} origin {path.GetProperty("origin").GetString()!.ToLowerInvariant()} path 65001 communities {string.Join(' ', Styles[style].Communities)} via {(IsV6(prefix) ? "2001:db8:ff:1::2" : "10.255.1.0")}";
            string actual = $"med {(route.TryGetProperty("med", out var med) ? med.GetInt64() : -1)} origin {route.GetProperty("origin").GetString()} path {route.GetProperty("asPath").GetString()} communities {(route.TryGetProperty("communities", out var c) ? string.Join(' ', c.EnumerateArray().Select(x => x.GetString())) : "")} via {route.GetProperty("nextHop").GetString()!.Split(' ')[0]}";
            if (expected != actual || path.GetProperty("metric").GetInt64() != Styles[style].Med)
            {
                problems.Add($"{prefix}: FRR {expected}, we {actual}");
            }
        }
        return problems.Count == 0 ? null : $"{problems.Count} differences, e.g.\n  {string.Join("\n  ", problems.Take(10))}";
    }

    private sealed record Resources(long ManagedBytes, long WorkingSetBytes, int Descriptors, int Sockets, int TcpEstablished, List<string> Targets)
    {
        public int NonFileDescriptors => Targets.Count(t => !t.StartsWith('/') || t.StartsWith("/dev/", StringComparison.Ordinal));

        /// <summary>What the descriptors point at, by kind ("anon_inode:[eventfd]", "pipe", "/dev/null"...), where two snapshots differ.</summary>
        public string DiffFrom(Resources before) => string.Join(", ", Kinds(Targets).Concat(Kinds(before.Targets)).Select(k => k.Key).Distinct()
            .Select(k => (k, Kinds(before.Targets).GetValueOrDefault(k), Kinds(Targets).GetValueOrDefault(k)))
            .Where(d => d.Item2 != d.Item3).Select(d => $"{d.k}: {d.Item2} → {d.Item3}"));

        private static Dictionary<string, int> Kinds(List<string> targets) =>
            targets.GroupBy(t => t.Contains(":[", StringComparison.Ordinal) && !t.StartsWith("anon_inode", StringComparison.Ordinal) ? t[..t.IndexOf(':', StringComparison.Ordinal)] : t)
                .ToDictionary(g => g.Key, g => g.Count());

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"managed {ManagedBytes / 1048576.0:0.00} MiB, working set {WorkingSetBytes / 1048576.0:0.0} MiB, {Descriptors} fds of which {Sockets} sockets, {TcpEstablished} established TCP connections");
    }

    /// <summary>The daemon's memory (its summary, after a full GC), descriptors and sockets (/proc), TCP connections (ss in its namespace).</summary>
    private async Task<Resources> ResourcesAsync(Speaker node)
    {
        var memory = (await node.ShowAsync("memory")).GetProperty("memory"); // after a full GC: live data only
        var links = Directory.GetFiles($"/proc/{node.Pid}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "").ToList();
        var tcp = await Shell.RunAsync("ip", ["netns", "exec", _lab.Namespace("node"), "ss", "-Htn", "state", "established"]);
        return new Resources(memory.GetProperty("managedBytes").GetInt64(), memory.GetProperty("workingSetBytes").GetInt64(),
            links.Count, links.Count(l => l.StartsWith("socket:", StringComparison.Ordinal)),
            tcp.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, links);
    }
}
