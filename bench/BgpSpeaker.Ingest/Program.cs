using System.Globalization;
using BgpSpeaker.Ingest;
using BgpSpeaker.Ingest.Receivers;

// End-to-end ingest benchmark: feeder → receiver (bgpspeaker, BIRD 2 and/or BIRD 3) → sink over a veth pair;
// with --fib, feeder → receiver (bgpspeaker, BIRD, FRR) → the receiver namespace's kernel.
// Usage: BgpSpeaker.Ingest --daemon PATH [--receivers bgpspeaker,bird,bird3,frr] [--bird3 DIR] [--fib] [--runs 3]
//        [--prefixes 1000000] [--ipv6-prefixes 0] [--attribute-sets 1000] [--poll-ms 20]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = IngestOptions.Parse(args);
if (options.Error is { } error)
{
    Console.Error.WriteLine(error);
    return 2;
}

var workload = Workload.Build(options.Prefixes, options.Ipv6Prefixes, options.AttributeSets,
    nextHop: (uint)BgpSpeaker.Wire.Nlri.IpAddresses.ToBits(Lab.Feeder), nextHopV6: BgpSpeaker.Wire.Nlri.IpAddresses.ToBits(Lab.FeederV6));
string ipv6 = workload.Ipv6Prefixes > 0 ? $" ({workload.Ipv4Prefixes:N0} IPv4, {workload.Ipv6Prefixes:N0} IPv6)" : "";
Console.WriteLine($"workload: {workload.Prefixes:N0} prefixes{ipv6} in {workload.AnnounceUpdates:N0} UPDATEs ({workload.Announce.Length / 1e6:0.0} MB), "
    + $"withdrawn in {workload.WithdrawUpdates:N0} UPDATEs; {options.AttributeSets:N0} attribute sets");

var quiet = options.Receivers.ToDictionary(r => r, _ => new List<QuietResult>());
var polled = options.Receivers.ToDictionary(r => r, _ => new List<PolledResult>());
var fibResults = options.Receivers.ToDictionary(r => r, _ => new List<FibResult>());
var labels = options.Receivers.ToDictionary(r => r, r => r); // the report's row names, "BIRD 2.0.12" for "bird" once one has run
bool withIpv6 = workload.Ipv6Prefixes > 0;
// The receivers' configs, control sockets, pid files and logs, one directory per harness process: a unix
// socket's path crosses network namespaces, so two harnesses sharing one directory would ask each other's daemons.
string work = Path.Combine(Path.GetTempPath(), "bgpspeaker-ingest", $"receivers-{Environment.ProcessId}");
var interval = TimeSpan.FromMilliseconds(options.PollMilliseconds);
for (int run = 1; run <= options.Runs; run++)
{
    // Receivers alternate within a run, so all see the same moment of a noisy machine, and each run starts
    // with the next one: the harness's own JIT still tiers up during the first passes, and no receiver
    // should always meet the coldest harness. Each pass starts a fresh receiver.
    int first = (run - 1) % options.Receivers.Length;
    foreach (var name in options.Receivers[first..].Concat(options.Receivers[..first]))
    {
        foreach (var pass in options.Fib ? ["fib"] : (string[])["quiet", "polled"])
        {
            string directory = Path.Combine(work, $"{name}-{run}-{pass}");
            await using Receiver receiver = name switch
            {
                "bird" => new BirdReceiver("bird", directory, options.Port, options.Fib, withIpv6),
                "bird3" => new BirdReceiver(Path.Combine(options.Bird3!, "sbin", "bird"), directory, options.Port, options.Fib, withIpv6),
                "frr" => new FrrReceiver(directory, options.Port),
                _ => new BgpSpeakerReceiver(options.Daemon!, directory, options.Port, options.Fib, withIpv6),
            };
            labels[name] = receiver.Name;
            try
            {
                switch (pass)
                {
                    case "fib":
                        var fib = await FibRun.RunAsync(receiver, workload);
                        fibResults[name].Add(fib);
                        Console.WriteLine($"run {run} {receiver.Name,-11} all in the kernel {fib.Installed:0.000} s ({fib.InstallCpu:0.00} CPU s), "
                            + $"all gone {fib.Removed:0.000} s ({fib.RemoveCpu:0.00} CPU s), after a Cease {fib.SessionDown:0.000} s ({fib.SessionDownCpu:0.00} CPU s), "
                            + $"{fib.Overruns} notification overruns");
                        break;
                    case "quiet":
                        var q = await IngestRun.QuietAsync(receiver, workload);
                        quiet[name].Add(q);
                        Console.WriteLine($"run {run} {receiver.Name,-11} quiet:  re-advertised {q.Readvertised:0.000} s ({q.CpuSeconds:0.00} CPU s), "
                            + $"withdrawn at the sink {q.WithdrawnAtSink:0.000} s, peak {q.PeakBytesPerRoute:0} B/route, after {q.BytesPerRoute:0} B/route, "
                            + $"idle {q.IdleBytes / 1e6:0.0} MB, {q.SinkUpdates:N0} UPDATEs to the sink");
                        break;
                    default:
                        var p = await IngestRun.PolledAsync(receiver, workload, interval);
                        polled[name].Add(p);
                        Console.WriteLine($"run {run} {receiver.Name,-11} polled: accepted {p.Accepted:0.000} s, withdrawn {p.WithdrawnAtReceiver:0.000} s "
                            + $"(a poll: {p.PollMilliseconds:0.00} ms, {p.PollCpuMilliseconds:0.000} ms of the receiver's CPU)");
                        break;
                }
            }
            catch (Exception e) when (e is TimeoutException or IOException or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine($"run {run} {receiver.Name} {pass}: {e.Message}\n(configs and logs kept in {work})");
                return 1;
            }
        }
    }
}

if (options.Fib)
{
    Report.PrintFib(ByLabel(fibResults), options.Runs);
}
else
{
    Report.Print(ByLabel(quiet), ByLabel(polled), options.Runs, options.PollMilliseconds);
}
Directory.Delete(work, recursive: true);
return 0;

// Rows named by version ("BIRD 2.0.12"); two receivers of one version (--bird3 pointing at a BIRD 2) keep their option names too.
Dictionary<string, List<T>> ByLabel<T>(Dictionary<string, List<T>> results) => results.ToDictionary(
    r => labels.Values.Count(l => l == labels[r.Key]) > 1 ? $"{labels[r.Key]} ({r.Key})" : labels[r.Key], r => r.Value);
