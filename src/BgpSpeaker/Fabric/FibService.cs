using System.Threading.Channels;
using BgpSpeaker.Configuration;
using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Routing;
using BgpSpeaker.Routing.Forwarding;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Fabric;

/// <summary>
/// The kernel FIB at the daemon's edge: the routing loop hands over each decision run's forwarding
/// changes and goes on; one task writes them with <see cref="FibWriter"/> (batched netlink), merging
/// whatever queued meanwhile. At start it adopts the routes a previous run left (they keep forwarding
/// until replaced) and deletes those nobody re-learned after <see cref="StaleAfter"/>; at stop it
/// withdraws everything (graceful restart will keep them).
/// </summary>
internal sealed class FibService : IAsyncDisposable
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private readonly Channel<FibChange[]> _batches = Channel.CreateUnbounded<FibChange[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FibWriter _writer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writing = new(1, 1); // the writer is single-threaded: the loop's writes and show fib take turns
    private Task _loop = Task.CompletedTask;
    private long _pending;
    private int _reconcileRequested;

    private FibService(FibWriter writer, ILogger logger, TimeProvider time) => (_writer, _logger, _time) = (writer, logger, time);

    public FibCounters Counters => _writer.Counters;

    /// <summary>Routes we want in the kernel now.</summary>
    public int Desired => _writer.DesiredCount;

    /// <summary>Route changes handed over but not yet written.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Nothing waits to be written and no write is left failed: the kernel has what we want (for /readyz).</summary>
    public bool InSync => Pending == 0 && _writer.UnsyncedCount == 0;

    /// <summary>Routes the last reconcile found wrong in the kernel and fixed (added, replaced or deleted).</summary>
    public int LastReconcileDifferences { get; private set; }

    public static FibService Start(FibConfig config, ILogger logger, TimeProvider time)
    {
        var options = new FibOptions(Table: (uint)config.Table,
            PreferredSourceIpv4: config.PreferredSource is { } source ? (uint)IpAddresses.ToBits(source) : null);
        var service = new FibService(FibWriter.Open(options), logger, time);
        var adopted = service._writer.Reconcile(StaleRoutePolicy.Keep);
        FabricLog.FibStarted(logger, config.Table, FibOptions.DefaultProtocol, adopted.KeptStale, adopted.Failed);
        service._loop = Task.Run(() => service.RunAsync(service._stop.Token));
        return service;
    }

    /// <summary>
    /// After a link event: the kernel drops routes and nexthop objects of a link that lost its carrier and
    /// brings nothing back, so the next round compares the kernel with what we want and fixes it. Never waits.
    /// </summary>
    public void RequestReconcile()
    {
        Interlocked.Exchange(ref _reconcileRequested, 1);
        _batches.Writer.TryWrite([]);
    }

    /// <summary>From the routing loop: never waits.</summary>
    public void Post(ForwardingChanges forwarding, RoutingCore core)
    {
        var batch = new FibChange[forwarding.Count];
        for (int i = 0; i < batch.Length; i++)
        {
            var change = forwarding.Changes[i];
            var hops = forwarding.HopsOf(change);
            if (hops.IsEmpty)
            {
                batch[i] = FibChange.Remove(change.Prefix);
                continue;
            }
            var members = new List<FibNextHop>(hops.Length);
            foreach (var hop in hops)
            {
                if (ToKernel(hop, core) is { } member)
                {
                    members.Add(member);
                }
            }
            batch[i] = members.Count == 0 ? FibChange.Remove(change.Prefix) : FibChange.Install(change.Prefix, members);
        }
        Interlocked.Add(ref _pending, batch.Length);
        _batches.Writer.TryWrite(batch);
    }

    /// <summary>
    /// A path's next hop as the kernel needs it: IPv4 as is (the kernel finds the interface); a
    /// link-local IPv6 one with the interface of the session it came over (RTA_VIA for IPv4 prefixes).
    /// </summary>
    private static FibNextHop? ToKernel(ForwardingHop hop, RoutingCore core)
    {
        var nextHop = hop.NextHop;
        if (nextHop.IsIpv4)
        {
            return FibNextHop.Ipv4((uint)nextHop.Address);
        }
        int index = core[hop.Peer].InterfaceIndex;
        if (nextHop.LinkLocalAddress is { } linkLocal && index > 0)
        {
            return FibNextHop.Ipv6(linkLocal, index);
        }
        return nextHop.GlobalAddress is { } global ? FibNextHop.Ipv6(global, 0) : null;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var staleDeadline = _time.GetUtcNow() + StaleAfter;
        bool staleDeleted = false;
        var merged = new List<FibChange>();
        while (!cancellationToken.IsCancellationRequested)
        {
            using var timer = staleDeleted ? null : new CancellationTokenSource(StaleAfter, _time);
            using var wait = timer is null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
                : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                await _batches.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            merged.Clear();
            while (_batches.Reader.TryRead(out var batch))
            {
                merged.AddRange(batch);
            }
            if (merged.Count > 0)
            {
                Write(merged);
            }
            if (Interlocked.Exchange(ref _reconcileRequested, 0) == 1)
            {
                Reconcile(staleDeleted ? StaleRoutePolicy.Delete : StaleRoutePolicy.Keep);
            }
            if (!staleDeleted && _time.GetUtcNow() >= staleDeadline)
            {
                staleDeleted = true;
                await _writing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                FibResult result;
                try
                {
                    result = _writer.DeleteStaleRoutes(CancellationToken.None);
                }
                finally
                {
                    _writing.Release();
                }
                if (result.Deleted > 0 || result.Failed > 0)
                {
                    FabricLog.FibStaleDeleted(_logger, result.Deleted, result.Failed);
                }
            }
        }
    }

    private void Reconcile(StaleRoutePolicy policy)
    {
        _writing.Wait();
        try
        {
            var result = _writer.Reconcile(policy);
            LastReconcileDifferences = result.Added + result.Replaced + result.Deleted;
            if (result.Added + result.Replaced + result.Deleted > 0 || result.Failed > 0)
            {
                FabricLog.FibReconciled(_logger, result.Added, result.Replaced, result.Deleted, result.Failed);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private void Write(List<FibChange> changes)
    {
        _writing.Wait();
        FibResult result;
        try
        {
            result = _writer.Apply(changes, CancellationToken.None);
        }
        finally
        {
            _writing.Release();
        }
        Interlocked.Add(ref _pending, -changes.Count);
        if (result.Failed > 0)
        {
            var first = result.Failures[0];
            FabricLog.FibFailures(_logger, result.Failed, changes.Count, first.ToString());
        }
    }

    /// <summary>For show fib: what we want installed, what the kernel holds of ours (a fresh dump), and where they differ.</summary>
    public async Task<FibView> ViewAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var desired = _writer.DesiredRoutes().ToList();
            var (kernel, error) = _writer.ReadKernelRoutes();
            return new FibView(_writer.Options, desired, kernel, error?.ToString(), Pending, _writer.StaleCount, Counters);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _batches.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        var withdrawn = _writer.WithdrawAll(CancellationToken.None);
        FabricLog.FibWithdrawn(_logger, withdrawn.Deleted, withdrawn.Failed);
        _writer.Dispose();
        _stop.Dispose();
        _writing.Dispose();
    }
}
