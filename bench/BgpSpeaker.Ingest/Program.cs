using System.Globalization;
using BgpSpeaker.Ingest;
using BgpSpeaker.Ingest.Receivers;

// End-to-end ingest benchmark: feeder → receiver (bgpspeaker and/or BIRD) → sink over a veth pair; with
// --fib, feeder → receiver (bgpspeaker, BIRD, FRR) → the receiver namespace's kernel.
// Usage: BgpSpeaker.Ingest --daemon PATH [--receivers bgpspeaker,bird,frr] [--fib] [--runs 3] [--prefixes 1000000] [--attribute-sets 1000]
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

var results = options.Receivers.ToDictionary(r => r, _ => new List<RunResult>());
var fibResults = options.Receivers.ToDictionary(r => r, _ => new List<FibResult>());
string work = Path.Combine(Path.GetTempPath(), "bgpspeaker-ingest");
for (int run = 1; run <= options.Runs; run++)
{
    // Receivers alternate within a run, so all see the same moment of a noisy machine.
    foreach (var name in options.Receivers)
    {
        string directory = Path.Combine(work, $"{name}-{run}");
        await using Receiver receiver = name switch
        {
            "bird" => new BirdReceiver(directory, options.Port, options.Fib),
            "frr" => new FrrReceiver(directory, options.Port),
            _ => new BgpSpeakerReceiver(options.Daemon!, directory, options.Port, options.Fib),
        };
        try
        {
            if (options.Fib)
            {
                var fib = await FibRun.RunAsync(receiver, workload);
                fibResults[name].Add(fib);
                Console.WriteLine($"run {run} {name,-10} all in the kernel {fib.Installed:0.000} s ({fib.InstallCpu:0.00} CPU s), "
                    + $"all gone {fib.Removed:0.000} s ({fib.RemoveCpu:0.00} CPU s), after a Cease {fib.SessionDown:0.000} s ({fib.SessionDownCpu:0.00} CPU s), "
                    + $"{fib.Overruns} notification overruns");
                continue;
            }
            var result = await IngestRun.RunAsync(receiver, workload);
            results[name].Add(result);
            Console.WriteLine($"run {run} {name,-10} accepted {result.Accepted:0.000} s, re-advertised {result.Readvertised:0.000} s, "
                + $"withdrawn {result.WithdrawnAtReceiver:0.000} s (sink {result.WithdrawnAtSink:0.000} s), {result.BytesPerRoute:0} B/route, "
                + $"{result.SinkUpdates:N0} UPDATEs to the sink");
        }
        catch (Exception e) when (e is TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"run {run} {name}: {e.Message}");
            return 1;
        }
    }
}

if (options.Fib)
{
    Report.PrintFib(fibResults, options.Runs);
}
else
{
    Report.Print(results, options.Runs);
}
return 0;
