using System.Runtime.InteropServices;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>Applying the routing core's changes, expiring adopted routes, and withdrawing everything.</summary>
public sealed partial class FibWriter
{
    /// <summary>
    /// Applies changes from the routing core: installs (create or replace, never a moment without a route)
    /// and removals. Several changes to one prefix: the last wins. Unchanged next hops cost no kernel write.
    /// </summary>
    public FibResult Apply(IEnumerable<FibChange> changes, CancellationToken cancellationToken = default)
    {
        var latest = Coalesce(changes);
        var requests = NewRequests(latest.Count);
        var work = new ObjectWork();
        int unchanged = 0;
        foreach (var (prefix, nextHops) in latest)
        {
            unchanged += nextHops is null ? PlanRemoval(prefix, requests, work) : PlanInstall(prefix, nextHops, requests, work);
        }
        return Execute(requests, work, unchanged, cancellationToken);
    }

    /// <summary>Deletes the adopted routes the routing core has not claimed (the stale timer fired).</summary>
    public FibResult DeleteStaleRoutes(CancellationToken cancellationToken = default)
    {
        var requests = NewRequests();
        var work = new ObjectWork();
        foreach (var (key, stale) in _stale)
        {
            PlanStaleRemoval(key, stale, requests, work);
        }
        _stale.Clear();
        return Execute(requests, work, 0, cancellationToken);
    }

    /// <summary>Removes every route we installed or adopted, and our nexthop objects (the daemon stops without graceful restart).</summary>
    public FibResult WithdrawAll(CancellationToken cancellationToken = default)
    {
        var requests = NewRequests();
        var work = new ObjectWork();
        foreach (var prefix in _desired.Keys.ToList())
        {
            PlanRemoval(prefix, requests, work);
        }
        foreach (var prefix in _unsynced.Where(p => !_desired.ContainsKey(p)).ToList())
        {
            requests.AddDelete(prefix, Options.Metric);
        }
        foreach (var (key, stale) in _stale)
        {
            PlanStaleRemoval(key, stale, requests, work);
        }
        _stale.Clear();
        return Execute(requests, work, 0, cancellationToken);
    }

    /// <summary>
    /// The common order of kernel writes: objects the routes need, then the routes, then objects nobody
    /// uses any more — deleting one removes the routes that still use it, so a removed prefix whose
    /// object goes needs no delete of its own — and finally per-route deletes for the rest.
    /// </summary>
    private FibResult Execute(FibRequests requests, ObjectWork work, int unchanged, CancellationToken cancellationToken)
    {
        CreateObjects(work, requests, cancellationToken);
        requests.ScatterForTheKernel();
        _batcher.Execute(requests, cancellationToken);
        var leftovers = NewRequests();
        DeleteUnusedObjects(work, requests, leftovers, cancellationToken);
        leftovers.ScatterForTheKernel();
        _batcher.Execute(leftovers, cancellationToken);
        return new FibResult(requests.Installed + leftovers.Installed, requests.Deleted + leftovers.Deleted, unchanged,
            [.. requests.Failures, .. leftovers.Failures]);
    }

    /// <summary>The last change per prefix: next hops to install, or null to remove.</summary>
    private static Dictionary<Prefix, IReadOnlyList<FibNextHop>?> Coalesce(IEnumerable<FibChange> changes)
    {
        var latest = new Dictionary<Prefix, IReadOnlyList<FibNextHop>?>(changes.TryGetNonEnumeratedCount(out int count) ? count : 0);
        foreach (var change in changes)
        {
            latest[change.Prefix] = change.IsRemoval ? null : change.NextHops;
        }
        return latest;
    }

    /// <summary>Plans a removal; returns 1 when nothing needs writing.</summary>
    private int PlanRemoval(Prefix prefix, FibRequests requests, ObjectWork work)
    {
        bool planned = false;
        var key = new StaleKey(prefix, Options.Metric);
        if (_stale.Remove(key, out var stale))
        {
            PlanStaleRemoval(key, stale, requests, work);
            planned = true;
        }
        if (_desired.Remove(prefix, out var old))
        {
            PlanDesiredRemoval(prefix, old, requests, work);
            planned = true;
        }
        else if (!planned && _unsynced.Contains(prefix))
        {
            requests.AddDelete(prefix, Options.Metric); // a failed write may have left something behind
            planned = true;
        }
        return planned ? 0 : 1;
    }

    /// <summary>A route on a nexthop object that is about to lose its last user goes with the object.</summary>
    private void PlanDesiredRemoval(Prefix prefix, NextHopSet old, FibRequests requests, ObjectWork work)
    {
        if (UsesObject(old) && _objects!.Find(old) is { } used)
        {
            work.Release(used);
            if (!_unsynced.Contains(prefix))
            {
                work.AddFlushCandidate(prefix, Options.Metric, used);
                return;
            }
        }
        requests.AddDelete(prefix, Options.Metric);
    }

    private static void PlanStaleRemoval(StaleKey key, StaleRoute stale, FibRequests requests, ObjectWork work)
    {
        if (stale.Reference is { } used)
        {
            work.Release(used);
            work.AddFlushCandidate(key.Prefix, key.Metric, used);
            return;
        }
        requests.AddDelete(key.Prefix, key.Metric);
    }

    /// <summary>Plans an install; returns 1 when the kernel already has exactly this route.</summary>
    private int PlanInstall(Prefix prefix, IReadOnlyList<FibNextHop> requested, FibRequests requests, ObjectWork work)
    {
        var nextHops = NextHopSetOf(requested);
        if (nextHops.ProblemFor(prefix.Afi) is { } invalid)
        {
            requests.AddRejected(prefix, invalid);
            return 0;
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_desired, prefix, out bool known);
        var current = slot;
        bool same = known && current!.Equals(nextHops);
        if (same && !_unsynced.Contains(prefix))
        {
            return 1;
        }
        slot = nextHops;
        if (!same)
        {
            // Take the new object before letting go of the old one, so shared members never drop to zero.
            if (UsesObject(nextHops))
            {
                _objects!.Acquire(nextHops);
            }
            if (known && UsesObject(current!))
            {
                work.Release(_objects!.Find(current!)!);
            }
        }
        if (!known && AdoptStale(prefix, nextHops, work))
        {
            return 1;
        }
        if (UsesObject(nextHops))
        {
            NexthopObjectTable.PlanCreate(_objects!.Find(nextHops)!, work.NexthopsToCreate, work.GroupsToCreate);
        }
        requests.AddInstall(prefix, nextHops);
        return 0;
    }

    /// <summary>A route left by a previous run that already says what the core wants is taken over without a write.</summary>
    private bool AdoptStale(Prefix prefix, NextHopSet nextHops, ObjectWork work)
    {
        if (!_stale.Remove(new StaleKey(prefix, Options.Metric), out var stale))
        {
            return false;
        }
        if (stale.Reference is { } used)
        {
            work.Release(used);
        }
        var wantedSource = prefix.Afi == Afi.Ipv4 ? Options.PreferredSourceIpv4 : Options.PreferredSourceIpv6;
        return stale.NextHops.Equals(nextHops) && stale.PreferredSource == wantedSource && stale.NexthopId == ObjectIdOf(nextHops)
            && (stale.NexthopId == 0 || _objects!.Find(nextHops)!.InKernel);
    }
}
