using System.Runtime.InteropServices;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>The nexthop-object side of the writer (nothing happens here in inline mode).</summary>
public sealed partial class FibWriter
{
    /// <summary>What a round of writes means for nexthop objects.</summary>
    private sealed class ObjectWork
    {
        public List<NexthopObject> NexthopsToCreate { get; } = [];
        public List<NexthopObject> GroupsToCreate { get; } = [];

        /// <summary>References to drop once the routes moved away, counted per object (a million routes share a handful).</summary>
        public Dictionary<NexthopObject, int> Releases { get; } = [];

        /// <summary>Removed routes, per object, that vanish with the object if it is deleted; otherwise deleted one by one.</summary>
        public Dictionary<NexthopObject, List<(Prefix Prefix, uint Metric)>> FlushCandidates { get; } = [];

        public void Release(NexthopObject used) => CollectionsMarshal.GetValueRefOrAddDefault(Releases, used, out _)++;

        public void AddFlushCandidate(Prefix prefix, uint metric, NexthopObject used)
        {
            ref var routes = ref CollectionsMarshal.GetValueRefOrAddDefault(FlushCandidates, used, out _);
            (routes ??= []).Add((prefix, metric));
        }

        /// <summary>Objects of ours in the kernel that we do not track (and no adopted route uses).</summary>
        public HashSet<uint> Orphans { get; } = [];
    }

    /// <summary>
    /// The ids of our protocol's nexthop objects in the kernel, or null when the kernel has no nexthop
    /// objects (before 5.3 it does not know RTM_GETNEXTHOP): the dump is the probe.
    /// </summary>
    private List<uint>? ExistingNexthopObjects()
    {
        var collector = new NexthopCollector(Options.Protocol, Counters);
        var writer = new NetlinkWriter(64);
        uint sequence = NexthopMessage.WriteDumpRequest(writer, _socket);
        var result = NetlinkDump.Run(_socket, writer.WrittenSpan, sequence, collector, _dumpBuffer);
        return result.Errno is Errno.EOPNOTSUPP or Errno.EINVAL or Errno.EPROTONOSUPPORT or Errno.EAFNOSUPPORT
            ? null
            : collector.Objects.ConvertAll(o => o.Id);
    }

    /// <summary>Creates what the routes need (next hops before groups), then fails installs whose object could not be made.</summary>
    private void CreateObjects(ObjectWork work, FibRequests requests, CancellationToken cancellationToken)
    {
        if (_objects is null || work.NexthopsToCreate.Count + work.GroupsToCreate.Count == 0)
        {
            return;
        }
        _batcher.Execute(new NexthopObjectRequests(true, work.NexthopsToCreate, Options, Counters), cancellationToken);
        var groups = new List<NexthopObject>();
        foreach (var group in work.GroupsToCreate)
        {
            if (Array.Find(group.Members, m => !m.InKernel) is { } missing)
            {
                group.CreatePlanned = false;
                group.LastError = missing.LastError;
                continue;
            }
            groups.Add(group);
        }
        _batcher.Execute(new NexthopObjectRequests(true, groups, Options, Counters), cancellationToken);
        if (work.NexthopsToCreate.TrueForAll(o => o.InKernel) && work.GroupsToCreate.TrueForAll(o => o.InKernel))
        {
            return;
        }
        requests.RejectUnavailable(set => UsesObject(set) && _objects.Find(set) is { InKernel: false } target
            ? target.LastError ?? new NetlinkError(Errno.ENOENT, "its nexthop object could not be created")
            : null);
    }

    /// <summary>Drops released references, deletes objects nobody uses and settles removed routes that went with them.</summary>
    private void DeleteUnusedObjects(ObjectWork work, FibRequests requests, FibRequests leftovers, CancellationToken cancellationToken)
    {
        if (_objects is null)
        {
            return;
        }
        foreach (var (released, count) in work.Releases)
        {
            NexthopObjectTable.Release(released, count);
        }
        var deletions = new List<NexthopObject>();
        _objects.CollectGarbage(deletions);
        deletions.AddRange(work.Orphans.Select(id => new NexthopObject(id, new NextHopSet([]), [])));
        _batcher.Execute(new NexthopObjectRequests(false, deletions, Options, Counters), cancellationToken);
        foreach (var (used, routes) in work.FlushCandidates)
        {
            if (used.Deleted)
            {
                requests.CountFlushed(routes.Count, _unsynced.Count == 0 ? null : routes.Select(r => r.Prefix));
                continue;
            }
            foreach (var (prefix, metric) in routes)
            {
                leftovers.AddDelete(prefix, metric);
            }
        }
    }

    /// <summary>Marks which of our objects the kernel still holds as we described them, adopts unknown ones of ours, lists the rest.</summary>
    private NetlinkError? SynchroniseObjects(HashSet<uint> orphans)
    {
        var collector = new NexthopCollector(Options.Protocol, Counters);
        var writer = new NetlinkWriter(64);
        uint sequence = NexthopMessage.WriteDumpRequest(writer, _socket);
        var result = NetlinkDump.Run(_socket, writer.WrittenSpan, sequence, collector, _dumpBuffer);
        if (!result.IsComplete)
        {
            return new NetlinkError(result.Errno == 0 ? Errno.EBUSY : result.Errno, "reading the kernel's nexthop objects");
        }
        var byId = collector.Objects.ToDictionary(o => o.Id);
        foreach (var ours in _objects!.All)
        {
            ours.InKernel = byId.TryGetValue(ours.Id, out var kernel) && NexthopObjectTable.SameContent(ours, kernel);
        }
        // Single next hops first: a group can only be adopted once its members are.
        foreach (var kernel in collector.Objects.OrderBy(o => o.IsGroup))
        {
            if (_objects.FindById(kernel.Id) is null && !_objects.Adopt(kernel, _objects.FindById))
            {
                orphans.Add(kernel.Id);
            }
        }
        return null;
    }

    /// <summary>Collects a dump's nexthop objects of our protocol.</summary>
    private sealed class NexthopCollector(byte protocol, FibCounters counters) : INetlinkDumpHandler
    {
        public List<KernelNexthop> Objects { get; } = [];

        public void OnMessage(in NetlinkMessage message)
        {
            var nexthop = new KernelNexthop();
            if (NexthopMessage.TryDecode(message, nexthop, out bool malformed) && nexthop.Protocol == protocol)
            {
                Objects.Add(nexthop);
            }
            Interlocked.Add(ref counters._malformed, malformed ? 1 : 0);
        }
    }
}
