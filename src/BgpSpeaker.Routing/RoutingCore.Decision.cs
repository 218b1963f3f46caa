using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Forwarding;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing;

/// <summary>Running the decision process over the prefixes a batch changed.</summary>
public sealed partial class RoutingCore
{
    private Candidate[] _candidates = new Candidate[4];
    private int[] _candidatePeers = new int[4];
    private int[] _candidateRoutes = new int[4];
    private DecisionStep[] _lostAt = new DecisionStep[4];
    private bool[] _multipath = new bool[4];
    private int _candidateCount; // candidates of the last multi-path decision, for RecordForwarding

    private readonly RibChanges _changes = new([], []);
    private ForwardingHop[] _hopBuffer = new ForwardingHop[4];

    /// <summary>Set to have each decision run fill <see cref="Forwarding"/> (for the kernel FIB); off, it costs nothing.</summary>
    public bool TrackForwarding { get; init; }

    /// <summary>The last decision run's forwarding changes (empty unless <see cref="TrackForwarding"/>).</summary>
    public ForwardingChanges Forwarding { get; } = new();

    /// <summary>
    /// Decides every touched prefix once and returns those whose best route changed. The lists are
    /// reused: they are valid until the next call.
    /// </summary>
    public RibChanges Process()
    {
        Forwarding.Clear();
        Process(_dirtyV4, V4, s => s.V4, _changes.V4);
        Process(_dirtyV6, V6, s => s.V6, _changes.V6);
        return _changes;
    }

    private void Process<TKey>(List<TKey> dirty, LocRib<TKey> loc, Func<Source, AdjRibTable<TKey>> table, List<RouteChange<TKey>> changes)
        where TKey : struct, IRouteKey<TKey>
    {
        changes.Clear();
        Scratch.Reserve(changes, dirty.Count);
        // Only sources that hold routes of this family can offer a path: most prefixes then cost one lookup.
        int[] holders = [.. _sources.Where(s => table(s).Count > 0).Select(s => s.Info.Id)];
        var tables = Array.ConvertAll(holders, id => table(_sources[id]));
        EnsureBuffers(holders.Length);
        foreach (var key in dirty)
        {
            var best = Decide(key, holders, tables);
            bool changed = loc.Replace(key, best, out var old);
            if (changed)
            {
                changes.Add(new RouteChange<TKey>(key, old, best));
            }
            if (TrackForwarding && (changed || best is { Paths: > 1 }))
            {
                RecordForwarding(key.ToPrefix(), best);
            }
        }
        bool large = dirty.Count > 4 * ShrinkAbove;
        dirty.Clear();
        if (large)
        {
            dirty.TrimExcess();
        }
        if (changes.Capacity > 4 * ShrinkAbove && changes.Count < ShrinkAbove)
        {
            changes.Capacity = ShrinkAbove; // a full table passed through; don't keep its buffer
        }
    }

    private const int ShrinkAbove = 65_536;

    /// <summary>Right after <see cref="Decide"/>: its candidate buffers still hold the equal-cost paths.</summary>
    private void RecordForwarding(Prefix prefix, BestRoute? best)
    {
        if (best is not { } route || _sources[route.Peer].Info.IsLocal)
        {
            Forwarding.Removed(prefix); // gone, or ours: nothing to forward through a neighbor
            return;
        }
        if (route.Paths <= 1)
        {
            Forwarding.Add(prefix, [new ForwardingHop(route.Peer, Attributes[route.AttributeId].NextHop)]);
            return;
        }
        int n = 0;
        for (int i = 0; i < _candidateCount; i++)
        {
            if (_multipath[i])
            {
                _hopBuffer[n++] = new ForwardingHop(_candidatePeers[i], _candidates[i].Route.NextHop);
            }
        }
        Forwarding.Add(prefix, _hopBuffer.AsSpan(0, n));
    }

    private BestRoute? Decide<TKey>(TKey key, int[] holders, AdjRibTable<TKey>[] tables) where TKey : struct, IRouteKey<TKey>
    {
        int n = 0;
        _candidateCount = 0;
        for (int i = 0; i < tables.Length; i++)
        {
            if (tables[i].TryGet(key, out int attributeId))
            {
                _candidatePeers[n] = holders[i];
                _candidateRoutes[n++] = attributeId;
            }
        }
        if (n == 0)
        {
            return null;
        }
        if (n == 1)
        {
            return new BestRoute(_candidatePeers[0], _candidateRoutes[0], 1);
        }
        for (int i = 0; i < n; i++)
        {
            _candidates[i] = new Candidate(_sources[_candidatePeers[i]].Info, Attributes[_candidateRoutes[i]]);
        }
        int best = BestPathSelection.Select(_candidates.AsSpan(0, n), _lostAt, _multipath, Multipath);
        _candidateCount = n;
        int paths = _multipath.AsSpan(0, n).Count(true);
        return new BestRoute(_candidatePeers[best], _candidates[best].Route.Id, (byte)Math.Min(paths, byte.MaxValue));
    }

    /// <summary>Every path to <paramref name="prefix"/> with the step where it lost, for "show routes PREFIX".</summary>
    public IReadOnlyList<(Candidate Candidate, DecisionStep Outcome, bool Multipath)> Explain(Prefix prefix)
    {
        var found = new List<Candidate>();
        foreach (var source in _sources)
        {
            bool has = prefix.Afi == Afi.Ipv4
                ? source.V4.TryGet(V4Key.From(prefix), out int id)
                : source.V6.TryGet(V6Key.From(prefix), out id);
            if (has)
            {
                found.Add(new Candidate(source.Info, Attributes[id]));
            }
        }
        if (found.Count == 0)
        {
            return [];
        }
        var lostAt = new DecisionStep[found.Count];
        var multipath = new bool[found.Count];
        BestPathSelection.Select(found.ToArray(), lostAt, multipath, Multipath);
        return [.. found.Select((c, i) => (c, lostAt[i], multipath[i]))];
    }

    private void EnsureBuffers(int peers)
    {
        if (_candidates.Length < peers)
        {
            _candidates = new Candidate[peers];
            _candidatePeers = new int[peers];
            _candidateRoutes = new int[peers];
            _lostAt = new DecisionStep[peers];
            _multipath = new bool[peers];
            _hopBuffer = new ForwardingHop[peers];
        }
    }
}
