using System.Globalization;
using BgpSpeaker.FibBench;
using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Netlink;

// Kernel FIB benchmark: N IPv4 /32s via two IPv6 link-local next hops (RFC 8950, ECMP) into a namespace's
// kernel and out again, per installation method; medians of --runs; iproute2 counts the routes after each step.
// Usage (as root): dotnet run -c Release --project bench/BgpSpeaker.FibBench -- [--counts 100000,1000000] [--runs 3]
//        [--scenarios objects,inline,inline-ack-each,raw-group,raw-group-flush]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var counts = Option("--counts", "100000,1000000").Split(',').Select(int.Parse).ToArray();
int runs = int.Parse(Option("--runs", "3"), CultureInfo.InvariantCulture);
var scenarios = Option("--scenarios", "objects,inline,inline-ack-each,raw-group").Split(',');

using var node = new BenchNamespace();
var rows = new List<string>();
foreach (int count in counts)
{
    foreach (var name in scenarios)
    {
        var installs = new List<double>();
        var deletes = new List<double>();
        var reconciles = new List<double>();
        string label = "";
        for (int run = 1; run <= runs; run++)
        {
            using IScenario scenario = name switch
            {
                "objects" => new WriterScenario(node, FibNextHopMode.Objects, AckMode.LastInBatch),
                "inline" => new WriterScenario(node, FibNextHopMode.Inline, AckMode.LastInBatch),
                "inline-ack-each" => new WriterScenario(node, FibNextHopMode.Inline, AckMode.EveryMessage),
                "raw-group" => new NexthopGroupScenario(node, byGroup: false),
                "raw-group-flush" => new NexthopGroupScenario(node, byGroup: true),
                _ => throw new ArgumentException($"unknown scenario {name}"),
            };
            label = scenario.Name;
            int failed = scenario.Install(count);
            installs.Add(Timed.Last.TotalSeconds);
            int present = node.CountRoutes();
            if (scenario is WriterScenario { Writer: var writer })
            {
                var reconcile = Timed.Run(() => writer.Reconcile(StaleRoutePolicy.Delete));
                reconciles.Add(Timed.Last.TotalSeconds);
                failed += reconcile.Unchanged == count ? 0 : 1;
            }
            failed += scenario.Delete();
            deletes.Add(Timed.Last.TotalSeconds);
            int left = node.CountRoutes();
            Console.WriteLine($"{count,9:N0} {label,-34} run {run}: install {installs[^1]:0.000} s, delete {deletes[^1]:0.000} s"
                + (reconciles.Count > 0 ? $", reconcile {reconciles[^1]:0.000} s" : "") + $"; ip route: {present:N0} after install, {left:N0} after delete, {failed} failures");
            if (present != count || left != 0 || failed != 0)
            {
                Console.Error.WriteLine("count check failed");
                return 1;
            }
        }
        double install = Median(installs), delete = Median(deletes);
        rows.Add($"| {label} | {count:N0} | {install:0.000} s | {count / install / 1000:0} k/s | {delete:0.000} s | {count / delete / 1000:0} k/s | "
            + (reconciles.Count > 0 ? $"{Median(reconciles):0.000} s" : "—") + " |");
    }
}
Console.WriteLine();
Console.WriteLine($"medians of {runs} runs, IPv4 /32s via 2 IPv6 link-local next hops, kernel {Environment.OSVersion.Version}");
Console.WriteLine("| method | routes | install | install rate | delete | delete rate | reconcile (nothing to do) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
return 0;

string Option(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
