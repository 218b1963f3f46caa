using System.Globalization;
using BgpSpeaker.Ingest;
using BgpSpeaker.Ingest.Receivers;

// End-to-end ingest benchmark: feeder → receiver (bgpspeaker and/or BIRD) → sink over a veth pair; with
// --fib, feeder → receiver (bgpspeaker, BIRD, FRR) → the receiver namespace's kernel.
// Usage: BgpSpeaker.Ingest --daemon PATH [--receivers bgpspeaker,bird,frr] [--fib] [--runs 3] [--prefixes 1000000] [--attribute-sets 1000] [--poll-ms 20]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = IngestOptions.Parse(args);
if (options.Error is { } error)
{
    Console.Error.WriteLine(error);
    return 2;
}

var workload = Workload.Build(options.Prefixes, options.AttributeSets, nextHop: (uint)BgpSpeaker.Wire.Nlri.IpAddresses.ToBits(Lab.Feeder));
Console.WriteLine($"workload: {workload.Prefixes:N0} prefixes in {workload.AnnounceUpdates:N0} UPDATEs ({workload.Announce.Length / 1e6:0.0} MB), "
    + $"withdrawn in {workload.WithdrawUpdates:N0} UPDATEs; {options.AttributeSets:N0} attribute sets");

var quiet = options.Receivers.ToDictionary(r => r, _ => new List<QuietResult>());
var polled = options.Receivers.ToDictionary(r => r, _ => new List<PolledResult>());
var fibResults = options.Receivers.ToDictionary(r => r, _ => new List<FibResult>());
string work = Path.Combine(Path.GetTempPath(), "bgpspeaker-ingest");
var interval = TimeSpan.FromMilliseconds(options.PollMilliseconds);
for (int run = 1; run <= options.Runs; run++)
{
    // Receivers alternate within a run, so all see the same moment of a noisy machine; each pass starts a fresh receiver.
    foreach (var name in options.Receivers)
    {
        foreach (var pass in options.Fib ? ["fib"] : (string[])["quiet", "polled"])
        {
            string directory = Path.Combine(work, $"{name}-{run}-{pass}");
            await using Receiver receiver = name switch
            {
                "bird" => new BirdReceiver(directory, options.Port, options.Fib),
                "frr" => new FrrReceiver(directory, options.Port),
                _ => new BgpSpeakerReceiver(options.Daemon!, directory, options.Port, options.Fib),
            };
            try
            {
                switch (pass)
                {
                    case "fib":
                        var fib = await FibRun.RunAsync(receiver, workload);
                        fibResults[name].Add(fib);
                        Console.WriteLine($"run {run} {name,-10} all in the kernel {fib.Installed:0.000} s ({fib.InstallCpu:0.00} CPU s), "
                            + $"all gone {fib.Removed:0.000} s ({fib.RemoveCpu:0.00} CPU s), after a Cease {fib.SessionDown:0.000} s ({fib.SessionDownCpu:0.00} CPU s), "
                            + $"{fib.Overruns} notification overruns");
                        break;
                    case "quiet":
                        var q = await IngestRun.QuietAsync(receiver, workload);
                        quiet[name].Add(q);
                        Console.WriteLine($"run {run} {name,-10} quiet:  re-advertised {q.Readvertised:0.000} s ({q.CpuSeconds:0.00} CPU s), "
                            + $"withdrawn at the sink {q.WithdrawnAtSink:0.000} s, peak {q.PeakBytesPerRoute:0} B/route, after {q.BytesPerRoute:0} B/route, "
                            + $"idle {q.IdleBytes / 1e6:0.0} MB, {q.SinkUpdates:N0} UPDATEs to the sink");
                        break;
                    default:
                        var p = await IngestRun.PolledAsync(receiver, workload, interval);
                        polled[name].Add(p);
                        Console.WriteLine($"run {run} {name,-10} polled: accepted {p.Accepted:0.000} s, withdrawn {p.WithdrawnAtReceiver:0.000} s "
                            + $"(a poll: {p.PollMilliseconds:0.00} ms, {p.PollCpuMilliseconds:0.000} ms of the receiver's CPU)");
                        break;
                }
            }
            catch (Exception e) when (e is TimeoutException or IOException or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine($"run {run} {name} {pass}: {e.Message}");
                return 1;
            }
        }
    }
}

if (options.Fib)
{
    Report.PrintFib(fibResults, options.Runs);
}
else
{
    Report.Print(quiet, polled, options.Runs, options.PollMilliseconds);
}
return 0;
