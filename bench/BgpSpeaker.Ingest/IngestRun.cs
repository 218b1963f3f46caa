using System.Diagnostics;
using BgpSpeaker.Ingest.Receivers;

namespace BgpSpeaker.Ingest;

/// <summary>The figures of one run, in seconds and bytes.</summary>
internal sealed record RunResult(double Accepted, double Readvertised, double WithdrawnAtReceiver, double WithdrawnAtSink,
    double BytesPerRoute, int SinkUpdates);

/// <summary>
/// One run against a fresh receiver: the sink and the feeder establish, the feeder streams the whole
/// table, then withdraws it. The clock starts when the feeder's first byte is handed to TCP. Memory per
/// route is the receiver's resident size 2 s after the sink holds every route, less its size with
/// both sessions up and no routes, divided by the number of routes.
/// </summary>
internal static class IngestRun
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<RunResult> RunAsync(Receiver receiver, Workload workload)
    {
        await receiver.StartAsync();
        var counter = new RouteCounter(workload.Prefixes);
        await using var sink = await BenchPeer.EstablishAsync(Lab.Sink, receiver.EndPoint, Lab.SinkAs, Patience);
        sink.OnUpdate = counter.OnUpdate;
        await using var feeder = await BenchPeer.EstablishAsync(Lab.Feeder, receiver.EndPoint, Lab.FeederAs, Patience);
        await Task.Delay(TimeSpan.FromSeconds(1)); // both sessions settle (End-of-RIB, first KEEPALIVEs)
        long baseline = receiver.ResidentBytes;

        var sinkFull = counter.WhenCountAsync(workload.Prefixes);
        long start = Stopwatch.GetTimestamp();
        var sending = feeder.SendAsync(workload.Announce);
        double accepted = await UntilTableAsync(receiver, workload.Prefixes, start, sink, feeder);
        double readvertised = Seconds(start, await Within(sinkFull, "the sink to hold every route", receiver, [sink, feeder]));
        await sending;
        await Task.Delay(Settle); // bgpspeaker gives back its burst memory once idle (250 ms); both get the same wait
        double bytesPerRoute = (double)(receiver.ResidentBytes - baseline) / workload.Prefixes;

        var sinkEmpty = counter.WhenCountAsync(0);
        start = Stopwatch.GetTimestamp();
        sending = feeder.SendAsync(workload.Withdraw);
        double withdrawn = await UntilTableAsync(receiver, 0, start, sink, feeder);
        double withdrawnAtSink = Seconds(start, await Within(sinkEmpty, "the sink to be empty", receiver, [sink, feeder]));
        await sending;
        return new RunResult(accepted, readvertised, withdrawn, withdrawnAtSink, bytesPerRoute, counter.Updates);
    }

    /// <summary>Polls the receiver's table every 5 ms until it holds <paramref name="count"/> routes.</summary>
    private static async Task<double> UntilTableAsync(Receiver receiver, int count, long start, BenchPeer sink, BenchPeer feeder)
    {
        while (true)
        {
            int size = await receiver.TableSizeAsync();
            if (size == count)
            {
                return Seconds(start, Stopwatch.GetTimestamp());
            }
            Check(receiver, start, $"{receiver.Name}'s table to hold {count:N0} routes (it holds {size:N0})", [sink, feeder]);
            await Task.Delay(5);
        }
    }

    /// <summary>Awaits <paramref name="reached"/>, failing at once when a session ends or after the time limit.</summary>
    public static async Task<long> Within(Task<long> reached, string what, Receiver receiver, BenchPeer[] peers)
    {
        long start = Stopwatch.GetTimestamp();
        while (!reached.IsCompleted)
        {
            Check(receiver, start, what, peers);
            await Task.WhenAny(reached, Task.Delay(100));
        }
        return await reached;
    }

    private static void Check(Receiver receiver, long start, string what, BenchPeer[] peers)
    {
        string? ended = peers.FirstOrDefault(p => p.Ended is not null) is { } peer ? $"{peer.Name} session ended: {peer.Ended}" : null;
        if (ended is not null || Stopwatch.GetElapsedTime(start) > Limit)
        {
            throw new TimeoutException($"waiting for {what}: {ended ?? $"not within {Limit.TotalMinutes} minutes"}\n{receiver.Name} log:\n{receiver.Log}");
        }
    }

    public static double Seconds(long start, long end) => Stopwatch.GetElapsedTime(start, end).TotalSeconds;
}
