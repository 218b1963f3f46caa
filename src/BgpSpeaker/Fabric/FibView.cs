using System.Text;
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
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("table", Options.Table);
            json.WriteNumber("protocol", Options.Protocol);
            json.WriteNumber("desired", Desired.Count);
            json.WriteNumber("inKernel", Kernel.Count);
            json.WriteNumber("pending", Pending);
            json.WriteNumber("staleFromPreviousRun", Stale);
            json.WriteBoolean("inSync", DumpError is null && Pending == 0 && !Differences().Any());
            if (DumpError is not null)
            {
                json.WriteString("dumpError", DumpError);
            }
            json.WriteStartObject("counters");
            json.WriteNumber("routesInstalled", Counters.RoutesInstalled);
            json.WriteNumber("routesDeleted", Counters.RoutesDeleted);
            json.WriteNumber("failures", Counters.Failures);
            json.WriteNumber("reconciliations", Counters.Reconciliations);
            json.WriteEndObject();
            json.WriteStartArray("routes");
            foreach (var route in Desired.OrderBy(r => r.Prefix))
            {
                json.WriteStartObject();
                json.WriteString("prefix", route.Prefix.ToString());
                json.WriteStartArray("nextHops");
                foreach (var hop in route.NextHops.Order())
                {
                    json.WriteStringValue(Describe(hop));
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("differences");
            foreach (var (prefix, want, have) in Differences())
            {
                json.WriteStartObject();
                json.WriteString("prefix", prefix.ToString());
                json.WriteString("want", want);
                json.WriteString("kernel", have);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
