using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>
/// Owns the routes the routing core wants in the kernel (prefix → equal-cost next hops) and keeps the
/// kernel's routes of our protocol and table equal to them: <see cref="Apply"/> writes deltas in
/// batches, <see cref="Reconcile"/> repairs drift and adopts routes a previous run left,
/// <see cref="WithdrawAll"/> removes everything on stop. Disposing leaves the routes in place.
/// <para>
/// Synchronous on purpose: rtnetlink applies a request inside our send call, so there is no I/O to wait
/// for, only kernel work. Call it from one owner (the daemon's FIB loop); counters may be read anywhere.
/// </para>
/// </summary>
public sealed partial class FibWriter : IDisposable
{
    private const int InternTableLimit = 100_000;
    private readonly NetlinkSocket _socket;
    private readonly NetlinkBatcher _batcher;
    private readonly Dictionary<Prefix, NextHopSet> _desired = [];
    private readonly Dictionary<NextHopSet, NextHopSet> _interned = [];
    private readonly NexthopObjectTable? _objects;
    private Dictionary<StaleKey, StaleRoute> _stale = [];
    // Prefixes whose last write failed: the kernel may hold anything for them until a reconcile.
    private readonly HashSet<Prefix> _unsynced = [];
    private FibNextHop[] _lastInput = [];
    private NextHopSet? _lastSet;

    private readonly record struct StaleKey(Prefix Prefix, uint Metric);

    /// <summary>A route of ours nobody claims yet; <paramref name="Reference"/> is the adopted object it uses, counted.</summary>
    private readonly record struct StaleRoute(NextHopSet NextHops, UInt128? PreferredSource, uint NexthopId, NexthopObject? Reference);

    private FibWriter(NetlinkSocket socket, FibOptions options)
    {
        _socket = socket;
        Options = options;
        _batcher = new NetlinkBatcher(socket, options.Batch);
        Counters = new FibCounters(_batcher.Counters);
        if (options.NextHopMode == FibNextHopMode.Objects && ExistingNexthopObjects() is { } existing)
        {
            _objects = new NexthopObjectTable(options.NexthopIdBase);
            _objects.Reserve(existing);
        }
    }

    /// <summary>Opens the writer's netlink socket in the calling thread's network namespace.</summary>
    public static FibWriter Open(FibOptions? options = null) => Open(options, NetlinkSocket.DefaultReceiveBufferBytes);

    /// <summary>Tests shrink the receive buffer to make the kernel drop ACKs.</summary>
    internal static FibWriter Open(FibOptions? options, int receiveBufferBytes) =>
        new(NetlinkSocket.Open(receiveBufferBytes), options ?? new FibOptions());

    public FibOptions Options { get; }

    public FibCounters Counters { get; }

    /// <summary>True when routes point at kernel nexthop objects; false when they carry their next hops inline.</summary>
    public bool UsesNexthopObjects => _objects is not null;

    public int DesiredCount => _desired.Count;

    /// <summary>Prefixes whose last kernel write failed (the next reconcile repairs them); read from any thread as a hint.</summary>
    public int UnsyncedCount => _unsynced.Count;

    /// <summary>Adopted routes of a previous run still waiting for the routing core or <see cref="DeleteStaleRoutes"/>.</summary>
    public int StaleCount => _stale.Count;

    /// <summary>The routes we want in the kernel (for <c>show fib</c>).</summary>
    public IEnumerable<FibRoute> DesiredRoutes() => _desired.Select(d => new FibRoute(d.Key, d.Value.Members));

    /// <summary>Closes the socket; our routes (and nexthop objects) stay in the kernel for the next run to adopt.</summary>
    public void Dispose() => _socket.Dispose();

    private FibRequests NewRequests(int capacity = 0) => new(Options, Counters, ObjectIdOf, capacity, (prefix, succeeded) =>
    {
        if (succeeded)
        {
            _unsynced.Remove(prefix);
        }
        else
        {
            _unsynced.Add(prefix);
        }
    });

    /// <summary>The nexthop object id a route with <paramref name="set"/> points at; 0 when it carries its next hops inline.</summary>
    private uint ObjectIdOf(NextHopSet set) => UsesObject(set) ? _objects!.Find(set)?.Id ?? 0 : 0;

    private bool UsesObject(NextHopSet set) => _objects is not null && NexthopObjectTable.CanRepresent(set);

    /// <summary>
    /// Consecutive routes usually have the same next hops (in the same order): compare with the previous
    /// input element by element and reuse its set, skipping the sort and the allocation.
    /// </summary>
    private NextHopSet NextHopSetOf(IReadOnlyList<FibNextHop> nextHops)
    {
        if (_lastSet is null || !SameSequence(nextHops, _lastInput))
        {
            _lastInput = [.. nextHops];
            _lastSet = Intern(NextHopSet.From(nextHops));
        }
        return _lastSet;
    }

    private static bool SameSequence(IReadOnlyList<FibNextHop> nextHops, FibNextHop[] previous)
    {
        if (nextHops.Count != previous.Length)
        {
            return false;
        }
        for (int i = 0; i < previous.Length; i++)
        {
            if (!nextHops[i].Equals(previous[i]))
            {
                return false;
            }
        }
        return true;
    }

    private NextHopSet Intern(NextHopSet set)
    {
        if (_interned.TryGetValue(set, out var shared))
        {
            return shared;
        }
        if (_interned.Count >= InternTableLimit)
        {
            _interned.Clear(); // sets still in use stay valid, they are just no longer shared with new ones
        }
        _interned[set] = set;
        return set;
    }
}
