using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>Comparing the kernel's routes of our protocol and table with the desired state.</summary>
public sealed partial class FibWriter
{
    private const int DumpAttempts = 3;
    private readonly byte[] _dumpBuffer = new byte[64 * 1024];

    /// <summary>
    /// Dumps the kernel's routes of our protocol in our table (IPv4 and IPv6) and fixes every difference:
    /// adds missing routes, replaces wrong ones, and for routes nobody wants follows
    /// <paramref name="stalePolicy"/> (a failed delete of this run is retried whatever the policy). At start,
    /// <see cref="StaleRoutePolicy.Keep"/> adopts what a previous run left. When the kernel's routes cannot
    /// be read, nothing is changed and <see cref="FibReconcileResult.DumpError"/> says why.
    /// </summary>
    public FibReconcileResult Reconcile(StaleRoutePolicy stalePolicy, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Counters._reconciliations);
        var requests = NewRequests();
        var work = new ObjectWork();
        var plan = new ReconcilePlan(this, stalePolicy, requests);
        var readError = (_objects is null ? null : SynchroniseObjects(work.Orphans)) ?? DumpOurRoutes(plan);
        if (readError is { } error)
        {
            Interlocked.Increment(ref Counters._dumpFailures);
            return new FibReconcileResult(0, 0, 0, 0, 0, [], error);
        }
        foreach (var (prefix, nextHops) in _desired)
        {
            if (!plan.Seen.Contains(prefix))
            {
                requests.AddInstall(prefix, nextHops, FibRequestReason.Missing);
            }
        }
        ReplaceStaleRoutes(plan.Stale, work);
        _objects?.PlanMissing(work.NexthopsToCreate, work.GroupsToCreate);
        _objects?.Unpin(); // adopted routes now hold what they use; the rest may be collected
        _unsynced.Clear(); // the dump is the truth now; this round's failures are added back
        var executed = Execute(requests, work, 0, cancellationToken);
        return new FibReconcileResult(
            requests.Succeeded(FibRequestReason.Missing), requests.Succeeded(FibRequestReason.Different),
            requests.Succeeded(FibRequestReason.Extra), _stale.Count, plan.Unchanged, executed.Failures);
    }

    /// <summary>Adopted routes hold their nexthop object; an object of ours only they use is not an orphan.</summary>
    private void ReplaceStaleRoutes(Dictionary<StaleKey, StaleRoute> fresh, ObjectWork work)
    {
        foreach (var old in _stale.Values)
        {
            if (old.Reference is { } used)
            {
                work.Release(used);
            }
        }
        foreach (var stale in fresh.Values)
        {
            if (stale.Reference is { } used)
            {
                used.References++;
            }
            work.Orphans.Remove(stale.NexthopId);
        }
        _stale = fresh;
    }

    /// <summary>The kernel's routes of our protocol and table, as next-hop sets (for <c>show fib</c>).</summary>
    public (IReadOnlyList<FibRoute> Routes, NetlinkError? Error) ReadKernelRoutes()
    {
        var collector = new RouteCollector(Options, Counters);
        var error = DumpOurRoutes(collector);
        return (collector.Routes, error);
    }

    /// <summary>Dumps both families into <paramref name="handler"/>; a dump the kernel interrupted is read again.</summary>
    private NetlinkError? DumpOurRoutes(IRouteDumpHandler handler)
    {
        for (int attempt = 1; ; attempt++)
        {
            handler.Restart();
            var writer = new NetlinkWriter(256);
            NetlinkDumpResult result = default;
            foreach (byte family in new[] { LinuxAddressFamily.Inet, LinuxAddressFamily.Inet6 })
            {
                writer.Clear();
                uint sequence = RouteMessage.WriteDumpRequest(writer, _socket, family, Options.Table, Options.Protocol);
                result = NetlinkDump.Run(_socket, writer.WrittenSpan, sequence, handler, _dumpBuffer);
                Interlocked.Add(ref Counters._malformed, result.Malformed);
                if (!result.IsComplete)
                {
                    break;
                }
            }
            if (result.IsComplete)
            {
                return null;
            }
            bool transient = result.Interrupted || Errno.IsTransient(result.Errno);
            if (!transient || attempt >= DumpAttempts)
            {
                return new NetlinkError(result.Errno == 0 ? Errno.EBUSY : result.Errno, "reading the kernel's routes");
            }
        }
    }

    private interface IRouteDumpHandler : INetlinkDumpHandler
    {
        /// <summary>Forgets what an interrupted attempt collected.</summary>
        void Restart();
    }

    /// <summary>Decides, route by route as the dump streams in, what the kernel needs (no copy of the whole table is kept).</summary>
    private sealed class ReconcilePlan(FibWriter writer, StaleRoutePolicy policy, FibRequests requests) : IRouteDumpHandler
    {
        private readonly KernelRoute _route = new();
        private readonly FibRequests _requests = requests;

        public HashSet<Prefix> Seen { get; } = [];
        public Dictionary<StaleKey, StaleRoute> Stale { get; private set; } = [];
        public int Unchanged { get; private set; }

        public void Restart()
        {
            Seen.Clear();
            Stale = [];
            Unchanged = 0;
            _requests.Clear();
        }

        public void OnMessage(in NetlinkMessage message)
        {
            var options = writer.Options;
            if (!RouteMessage.TryDecode(message, _route, out bool malformed) || !FibRouteMapping.IsOurs(_route, options))
            {
                Interlocked.Add(ref writer.Counters._malformed, malformed ? 1 : 0);
                return;
            }
            var prefix = FibRouteMapping.PrefixOf(_route);
            if (_route.Priority == options.Metric && writer._desired.TryGetValue(prefix, out var nextHops))
            {
                Seen.Add(prefix);
                uint objectId = writer.ObjectIdOf(nextHops);
                if (objectId != 0 ? FibRouteMapping.MatchesObject(_route, objectId, options) : FibRouteMapping.Matches(_route, nextHops, options))
                {
                    Unchanged++;
                }
                else
                {
                    _requests.AddInstall(prefix, nextHops, FibRequestReason.Different);
                }
            }
            else if (policy == StaleRoutePolicy.Delete || writer._unsynced.Contains(prefix))
            {
                _requests.AddDelete(prefix, _route.Priority, FibRequestReason.Extra);
            }
            else
            {
                Stale[new StaleKey(prefix, _route.Priority)] = StaleRouteOf(_route);
            }
        }

        /// <summary>An adopted route on one of our nexthop objects is described by (and will hold) that object.</summary>
        private StaleRoute StaleRouteOf(KernelRoute route)
        {
            if (route.NexthopId != 0 && writer._objects?.FindById(route.NexthopId) is { } used)
            {
                return new StaleRoute(used.Set, route.PreferredSource, route.NexthopId, used);
            }
            var kernelNextHops = writer.Intern(NextHopSet.From(FibRouteMapping.ToFibRoute(route).NextHops));
            return new StaleRoute(kernelNextHops, route.PreferredSource, route.NexthopId, null);
        }
    }

    private sealed class RouteCollector(FibOptions options, FibCounters counters) : IRouteDumpHandler
    {
        private readonly KernelRoute _route = new();

        public List<FibRoute> Routes { get; } = [];

        public void Restart() => Routes.Clear();

        public void OnMessage(in NetlinkMessage message)
        {
            if (RouteMessage.TryDecode(message, _route, out bool malformed) && FibRouteMapping.IsOurs(_route, options))
            {
                Routes.Add(FibRouteMapping.ToFibRoute(_route));
            }
            Interlocked.Add(ref counters._malformed, malformed ? 1 : 0);
        }
    }
}
