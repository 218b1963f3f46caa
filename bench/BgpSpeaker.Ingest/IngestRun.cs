using System.Diagnostics;
using BgpSpeaker.Ingest.Receivers;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The figures of one quiet run (nobody asks the receiver anything while it works), in seconds and bytes.
/// CPU is the receiver's user + system time from the feeder's first byte until the sink holds every route.
/// </summary>
internal sealed record QuietResult(double Readvertised, double WithdrawnAtSink, double CpuSeconds, double PeakBytesPerRoute,
    double BytesPerRoute, long IdleBytes, int SinkUpdates);

/// <summary>The figures of one polled run: when the receiver's own table was complete (and empty), and what a poll costs it.</summary>
internal sealed record PolledResult(double Accepted, double WithdrawnAtReceiver, double PollCpuMilliseconds, double PollMilliseconds);

/// <summary>
/// Runs against a fresh receiver: the sink and the feeder establish, the feeder streams the whole table,
/// then withdraws it. The clock starts when the feeder's first byte is handed to TCP.
/// <see cref="QuietAsync"/> times everything at the sink and never asks the receiver anything (the
/// headline); <see cref="PolledAsync"/> asks the receiver for its table size every poll interval, which
/// costs it CPU (measured and reported), so those figures come from a run of their own.
/// </summary>
internal static class IngestRun
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private const int CostPolls = 1_000; // CPU time comes in 10 ms ticks: ±0.01 ms a poll

    public static async Task<QuietResult> QuietAsync(Receiver receiver, Workload workload)
    {
        var (counter, sink, feeder) = await EstablishAsync(receiver, workload);
        await using (sink)
        await using (feeder)
        {
            long idle = receiver.ResidentBytes;
            receiver.ResetPeak();
            double cpu = receiver.CpuSeconds;
            var sinkFull = counter.WhenCountAsync(workload.Prefixes);
            long start = Stopwatch.GetTimestamp();
            var sending = feeder.SendAsync(workload.Announce);
            double readvertised = Seconds(start, await Within(sinkFull, "the sink to hold every route", receiver, [sink, feeder]));
            cpu = receiver.CpuSeconds - cpu;
            await sending;
            await Task.Delay(Settle); // bgpspeaker gives back its burst memory once idle (250 ms); both get the same wait
            double peak = (double)(receiver.PeakResidentBytes - idle) / workload.Prefixes;
            double after = (double)(receiver.ResidentBytes - idle) / workload.Prefixes;

            var sinkEmpty = counter.WhenCountAsync(0);
            start = Stopwatch.GetTimestamp();
            sending = feeder.SendAsync(workload.Withdraw);
            double withdrawn = Seconds(start, await Within(sinkEmpty, "the sink to be empty", receiver, [sink, feeder]));
            await sending;
            return new QuietResult(readvertised, withdrawn, cpu, peak, after, idle, counter.Updates);
        }
    }

    public static async Task<PolledResult> PolledAsync(Receiver receiver, Workload workload, TimeSpan interval)
    {
        var (_, sink, feeder) = await EstablishAsync(receiver, workload);
        await using (sink)
        await using (feeder)
        {
            long start = Stopwatch.GetTimestamp();
            var sending = feeder.SendAsync(workload.Announce);
            double accepted = await UntilTableAsync(receiver, workload.Prefixes, start, interval, sink, feeder);
            await sending;
            await Task.Delay(Settle);
            // What one poll costs the receiver with the whole table in it: CPU seconds over many polls in a row.
            double cpu = receiver.CpuSeconds;
            long polling = Stopwatch.GetTimestamp();
            for (int i = 0; i < CostPolls; i++)
            {
                await receiver.TableSizeAsync();
            }
            double pollMs = Stopwatch.GetElapsedTime(polling).TotalMilliseconds / CostPolls;
            double pollCpuMs = (receiver.CpuSeconds - cpu) * 1000 / CostPolls;

            start = Stopwatch.GetTimestamp();
            sending = feeder.SendAsync(workload.Withdraw);
            double withdrawn = await UntilTableAsync(receiver, 0, start, interval, sink, feeder);
            await sending;
            return new PolledResult(accepted, withdrawn, pollCpuMs, pollMs);
        }
    }

    private static async Task<(RouteCounter, BenchPeer, BenchPeer)> EstablishAsync(Receiver receiver, Workload workload)
    {
        await receiver.StartAsync();
        var counter = new RouteCounter(workload.Ipv4Prefixes, workload.Ipv6Prefixes);
        var sink = await BenchPeer.EstablishAsync(Lab.Sink, receiver.EndPoint, Lab.SinkAs, workload.Families, Patience);
        sink.OnUpdate = counter.OnUpdate;
        BenchPeer feeder;
        try
        {
            feeder = await BenchPeer.EstablishAsync(Lab.Feeder, receiver.EndPoint, Lab.FeederAs, workload.Families, Patience);
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // both sessions settle (End-of-RIB, first KEEPALIVEs)
        return (counter, sink, feeder);
    }

    /// <summary>Polls the receiver's table every <paramref name="interval"/> until it holds <paramref name="count"/> routes.</summary>
    private static async Task<double> UntilTableAsync(Receiver receiver, int count, long start, TimeSpan interval, BenchPeer sink, BenchPeer feeder)
    {
        while (true)
        {
            int size = await receiver.TableSizeAsync();
            if (size == count)
            {
                return Seconds(start, Stopwatch.GetTimestamp());
            }
            Check(receiver, start, $"{receiver.Name}'s table to hold {count:N0} routes (it holds {size:N0})", [sink, feeder]);
            await Task.Delay(interval);
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
