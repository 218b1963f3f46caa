using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>Why a request is sent; reconciliation reports successes per reason.</summary>
internal enum FibRequestReason : byte
{
    Change,
    Missing,
    Different,
    Extra,
}

/// <summary>
/// The kernel writes of one Apply or Reconcile, encoded on demand by the batcher: installs are
/// RTM_NEWROUTE with NLM_F_CREATE|NLM_F_REPLACE (atomic: the old next hops serve until the new ones
/// do), deletes are RTM_DELROUTE for our (prefix, table, protocol, metric). A delete the kernel answers
/// with ESRCH found nothing to delete, which is what we wanted.
/// </summary>
internal sealed class FibRequests(FibOptions options, FibCounters counters, Func<NextHopSet, uint> objectIdOf, int capacity, Action<Prefix, bool> onOutcome)
    : INetlinkRequestSource
{
    private readonly List<Request> _requests = new(capacity);
    private readonly KernelRoute _scratch = new();
    private readonly int[] _succeededByReason = new int[4];

    private readonly record struct Request(Prefix Prefix, FibOperation Operation, NextHopSet? NextHops, uint Metric, FibRequestReason Reason);

    public List<FibFailure> Failures { get; } = [];

    public int Count => _requests.Count;

    public int Installed { get; private set; }

    public int Deleted { get; private set; }

    public int Succeeded(FibRequestReason reason) => _succeededByReason[(int)reason];

    /// <summary>Drops every planned request (nothing has been sent yet).</summary>
    public void Clear()
    {
        _requests.Clear();
        Failures.Clear();
    }

    public void AddInstall(Prefix prefix, NextHopSet nextHops, FibRequestReason reason = FibRequestReason.Change) =>
        _requests.Add(new Request(prefix, FibOperation.Install, nextHops, options.Metric, reason));

    public void AddDelete(Prefix prefix, uint metric, FibRequestReason reason = FibRequestReason.Change) =>
        _requests.Add(new Request(prefix, FibOperation.Delete, null, metric, reason));

    /// <summary>Fails, without sending, every install whose next hops are unavailable (their nexthop object could not be made).</summary>
    public void RejectUnavailable(Func<NextHopSet, NetlinkError?> unavailable)
    {
        int kept = 0;
        for (int i = 0; i < _requests.Count; i++)
        {
            var request = _requests[i];
            if (request.Operation == FibOperation.Install && unavailable(request.NextHops!) is { } error)
            {
                AddRejected(request.Prefix, error);
                onOutcome(request.Prefix, false);
                continue;
            }
            _requests[kept++] = request;
        }
        _requests.RemoveRange(kept, _requests.Count - kept);
    }

    /// <summary>
    /// Removed routes the kernel took away with their nexthop object: deleted without requests of their own.
    /// <paramref name="prefixes"/> are only needed when some prefix may be marked as failed before.
    /// </summary>
    public void CountFlushed(int count, IEnumerable<Prefix>? prefixes)
    {
        Deleted += count;
        Interlocked.Add(ref counters._deleted, count);
        _succeededByReason[(int)FibRequestReason.Change] += count;
        foreach (var prefix in prefixes ?? [])
        {
            onOutcome(prefix, true);
        }
    }

    /// <summary>A failure found before sending (an impossible next hop): reported like a kernel one.</summary>
    public void AddRejected(Prefix prefix, NetlinkError error)
    {
        Failures.Add(new FibFailure(prefix, FibOperation.Install, error));
        counters.RecordFailure(error);
    }

    public void Encode(int index, NetlinkWriter writer, uint sequence)
    {
        var request = _requests[index];
        bool install = request.Operation == FibOperation.Install;
        FibRouteMapping.Fill(_scratch, request.Prefix, request.NextHops, options, request.Metric, install ? objectIdOf(request.NextHops!) : 0);
        if (install)
        {
            RouteMessage.WriteNew(writer, sequence, NetlinkFlags.Create | NetlinkFlags.Replace, _scratch);
        }
        else
        {
            RouteMessage.WriteDelete(writer, sequence, _scratch);
        }
    }

    public void Complete(int index, NetlinkError? failure)
    {
        var request = _requests[index];
        if (request.Operation == FibOperation.Delete && failure?.Errno == Errno.ESRCH)
        {
            failure = null;
        }
        if (failure is { } error)
        {
            Failures.Add(new FibFailure(request.Prefix, request.Operation, error));
            counters.RecordFailure(error);
        }
        else if (request.Operation == FibOperation.Install)
        {
            Installed++;
            Interlocked.Increment(ref counters._installed);
        }
        else
        {
            Deleted++;
            Interlocked.Increment(ref counters._deleted);
        }
        _succeededByReason[(int)request.Reason] += failure is null ? 1 : 0;
        onOutcome(request.Prefix, failure is null);
    }
}
