using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>Many routes at once: batching, acknowledgement modes and lost ACKs (counts only, no timing).</summary>
public class FibScaleTests
{
    [Theory]
    [InlineData(FibNextHopMode.Objects, AckMode.LastInBatch)]
    [InlineData(FibNextHopMode.Objects, AckMode.EveryMessage)]
    [InlineData(FibNextHopMode.Inline, AckMode.LastInBatch)]
    [InlineData(FibNextHopMode.Inline, AckMode.EveryMessage)]
    public void TenThousandRoutesArriveInBatchesAndLeaveAgain(FibNextHopMode mode, AckMode ackMode)
    {
        using var lab = new FibLab();
        using var fib = lab.OpenWriter(mode, FibLab.Options with { Batch = new NetlinkBatchOptions(AckMode: ackMode) });
        var changes = Enumerable.Range(0, 10_000)
            .Select(i => FibChange.Install(Prefix.V4(0x0A800000u + (uint)i, 32), lab.ViaLeaf1, lab.ViaLeaf2)).ToList();

        var installed = fib.Apply(changes);

        Assert.Equal((10_000, 0), (installed.Installed, installed.Failed));
        Assert.Equal(10_000, lab.RouteCount());
        Assert.InRange(fib.Counters.Batch.Datagrams, 2, 200);
        Assert.Equal(0, fib.Counters.Batch.Retries);
        Assert.Equal(10_000, fib.Reconcile(StaleRoutePolicy.Delete).Unchanged);

        var withdrawn = fib.WithdrawAll();

        Assert.Equal(10_000, withdrawn.Deleted);
        Assert.Equal(0, lab.RouteCount());
    }

    [Theory]
    [InlineData(FibNextHopMode.Objects, AckMode.LastInBatch)]
    [InlineData(FibNextHopMode.Inline, AckMode.LastInBatch)]
    [InlineData(FibNextHopMode.Inline, AckMode.EveryMessage)]
    public void AcksLostToAFullReceiveQueueAreRecoveredBySendingAgain(FibNextHopMode mode, AckMode ackMode)
    {
        using var lab = new FibLab();
        // The kernel's smallest receive buffer holds only a few ACKs, so it overflows on every batch.
        using var fib = lab.Ns.Enter(() => FibWriter.Open(FibLab.Options with
        {
            NextHopMode = mode,
            Batch = new NetlinkBatchOptions(MaxBatchBytes: 4096, AckMode: ackMode, MaxAttempts: 50),
        }, receiveBufferBytes: 1));
        var changes = Enumerable.Range(0, 2000)
            .Select(i => FibChange.Install(Prefix.V4(0x0A800000u + (uint)i, 32), lab.ViaLeaf1)).ToList();
        // Failures make ACKs carry an error, which LastInBatch needs to see: one bad route per 100.
        changes.AddRange(Enumerable.Range(0, 20).Select(i => FibChange.Install(Prefix.V4(0x0A900000u + (uint)i, 32), FibNextHop.Ipv6(FibLab.Leaf1, 999))));

        var result = fib.Apply(changes);

        Assert.Equal(2000, result.Installed);
        Assert.Equal(20, result.Failed);
        Assert.All(result.Failures, f => Assert.Equal(mode == FibNextHopMode.Objects ? Errno.EINVAL : Errno.ENODEV, f.Error.Errno));
        Assert.Equal(2000, lab.RouteCount());
        if (ackMode == AckMode.EveryMessage)
        {
            Assert.True(fib.Counters.Batch.AckOverruns > 0);
            Assert.True(fib.Counters.Batch.Retries > 0);
        }
    }
}
