using System.Diagnostics;
using BgpSpeaker.Ingest.Receivers;

namespace BgpSpeaker.Ingest;

/// <summary>The figures of one FIB run: seconds until the kernel holds every route and until it holds none, and CPU seconds for each.</summary>
/// <param name="SessionDown">Seconds from the feeder's Cease (with the whole table installed again) until none of its routes is left.</param>
internal sealed record FibResult(double Installed, double Removed, double SessionDown, double InstallCpu, double RemoveCpu, double SessionDownCpu, int Overruns);

/// <summary>
/// One FIB run against a fresh receiver that installs what it learns: the feeder establishes, streams
/// the whole table, then withdraws it. The clock starts when the feeder's first byte is handed to TCP
/// and stops at the kernel notification that makes the receiver's routes in the main table number
/// exactly the table's size (then zero); see <see cref="KernelRouteWatch"/>. Then the table once more,
/// and the feeder ends its session (a leaf going away): until the kernel holds none of its routes.
/// Nothing asks the receiver anything while the clock runs.
/// </summary>
internal static class FibRun
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<FibResult> RunAsync(Receiver receiver, Workload workload)
    {
        await receiver.StartAsync();
        using var kernel = new KernelRouteWatch(Lab.ReceiverNamespace, receiver.KernelProtocol);
        if (kernel.Count != 0)
        {
            throw new IOException($"the receiver namespace's kernel already holds {kernel.Count:N0} routes of protocol {receiver.KernelProtocol}");
        }
        await using var feeder = await BenchPeer.EstablishAsync(Lab.Feeder, receiver.EndPoint, Lab.FeederAs, workload.Families, Patience);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the session settles (End-of-RIB, first KEEPALIVEs)

        var full = kernel.WhenCountAsync(workload.Prefixes);
        double cpu = receiver.CpuSeconds;
        long start = Stopwatch.GetTimestamp();
        var sending = feeder.SendAsync(workload.Announce);
        double installed = IngestRun.Seconds(start, await IngestRun.Within(full, $"the kernel to hold {workload.Prefixes:N0} routes", receiver, [feeder]));
        double installCpu = receiver.CpuSeconds - cpu;
        await sending;
        await Task.Delay(Settle);

        var empty = kernel.WhenCountAsync(0);
        cpu = receiver.CpuSeconds;
        start = Stopwatch.GetTimestamp();
        sending = feeder.SendAsync(workload.Withdraw);
        double removed = IngestRun.Seconds(start, await IngestRun.Within(empty, "the kernel to hold none of the routes", receiver, [feeder]));
        double removeCpu = receiver.CpuSeconds - cpu;
        await sending;
        await Task.Delay(Settle);

        full = kernel.WhenCountAsync(workload.Prefixes);
        await feeder.SendAsync(workload.Announce);
        await IngestRun.Within(full, $"the kernel to hold {workload.Prefixes:N0} routes again", receiver, [feeder]);
        await Task.Delay(Settle);
        empty = kernel.WhenCountAsync(0);
        cpu = receiver.CpuSeconds;
        start = Stopwatch.GetTimestamp();
        await feeder.CeaseAsync();
        double sessionDown = IngestRun.Seconds(start, await IngestRun.Within(empty, "the kernel to hold none of the routes after the Cease", receiver, []));
        double sessionDownCpu = receiver.CpuSeconds - cpu;
        return new FibResult(installed, removed, sessionDown, installCpu, removeCpu, sessionDownCpu, kernel.Overruns);
    }
}
