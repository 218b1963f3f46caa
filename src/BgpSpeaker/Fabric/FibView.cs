using System.Text.Json;
using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Fabric;

/// <summary>
/// The FIB as show fib presents it: the routes we want installed, the routes of ours the kernel holds,
/// and every prefix where the two differ (missing, extra, or other next hops).
/// </summary>
internal sealed record FibView(FibOptions Options, IReadOnlyList<FibRoute> Desired, IReadOnlyList<FibRoute> Kernel, string? DumpError,
    long Pending, int Stale, FibCounters Counters)
{
    public IEnumerable<(Prefix Prefix, string Want, string Have)> Differences()
    {
        var want = Desired.ToDictionary(r => r.Prefix, r => Hops(r));
        var have = Kernel.ToDictionary(r => r.Prefix, r => Hops(r));
        foreach (var prefix in want.Keys.Union(have.Keys).Order())
        {
            string w = want.GetValueOrDefault(prefix, "");
            string h = have.GetValueOrDefault(prefix, "");
            if (w != h)
            {
                yield return (prefix, w, h);
            }
        }
    }

    public static string Hops(FibRoute route) => string.Join(", ", route.NextHops.Order().Select(Describe));

    /// <summary>"via fe80::1 dev up1", as ip route prints it.</summary>
    public static string Describe(FibNextHop hop)
    {
        string via = IpAddresses.FromBits(hop.GatewayIsIpv6 ? Afi.Ipv6 : Afi.Ipv4, hop.Gateway).ToString();
        return hop.InterfaceIndex > 0 ? $"via {via} dev {Platform.Linux.Sockets.InterfaceAddresses.NameOf(hop.InterfaceIndex)}" : $"via {via}";
    }

    public string ToJson()
    {
        var differences = Differences().Select(d => new Control.FibDifferenceView(d.Prefix.ToString(), d.Want, d.Have)).ToList();
        var view = new Control.FibJsonView(Options.Table, Options.Protocol, Desired.Count, Kernel.Count, Pending, Stale,
            InSync: DumpError is null && Pending == 0 && differences.Count == 0, DumpError,
            new Control.FibCountersView(Counters.RoutesInstalled, Counters.RoutesDeleted, Counters.Failures, Counters.Reconciliations),
            [.. Desired.OrderBy(r => r.Prefix).Select(r => new Control.FibRouteView(r.Prefix.ToString(), [.. r.NextHops.Order().Select(Describe)]))],
            differences);
        return JsonSerializer.Serialize(view, Control.ControlJson.Default.FibJsonView);
    }
}
