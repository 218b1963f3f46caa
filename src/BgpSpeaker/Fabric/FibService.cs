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
    private Task _loop = Task.CompletedTask;
    private long _pending;

    private FibService(FibWriter writer, ILogger logger, TimeProvider time) => (_writer, _logger, _time) = (writer, logger, time);

    public FibCounters Counters => _writer.Counters;

    /// <summary>Routes we want in the kernel now.</summary>
    public int Desired => _writer.DesiredCount;

    /// <summary>Route changes handed over but not yet written.</summary>
    public long Pending => Interlocked.Read(ref _pending);

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
            if (!staleDeleted && _time.GetUtcNow() >= staleDeadline)
            {
                staleDeleted = true;
                var result = _writer.DeleteStaleRoutes(CancellationToken.None);
                if (result.Deleted > 0 || result.Failed > 0)
                {
                    FabricLog.FibStaleDeleted(_logger, result.Deleted, result.Failed);
                }
            }
        }
    }

    private void Write(List<FibChange> changes)
    {
        var result = _writer.Apply(changes, CancellationToken.None);
        Interlocked.Add(ref _pending, -changes.Count);
        if (result.Failed > 0)
        {
            var first = result.Failures[0];
            FabricLog.FibFailures(_logger, result.Failed, changes.Count, first.ToString());
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
    }
}
