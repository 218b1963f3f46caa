using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing;

/// <summary>Running the decision process over the prefixes a batch changed.</summary>
public sealed partial class RoutingCore
{
    private Candidate[] _candidates = new Candidate[4];
    private int[] _candidatePeers = new int[4];
    private DecisionStep[] _lostAt = new DecisionStep[4];
    private bool[] _multipath = new bool[4];

    /// <summary>Decides every touched prefix once and returns those whose best route changed.</summary>
    public RibChanges Process() =>
        new(Process(_dirtyV4, V4, s => s.V4), Process(_dirtyV6, V6, s => s.V6));

    private List<RouteChange<TKey>> Process<TKey>(HashSet<TKey> dirty, LocRib<TKey> loc, Func<Source, AdjRibTable<TKey>> table)
        where TKey : struct, IRouteKey<TKey>
    {
        var changes = new List<RouteChange<TKey>>(dirty.Count);
        var tables = _sources.Select(table).ToArray();
        EnsureBuffers(tables.Length);
        foreach (var key in dirty)
        {
            var best = Decide(key, tables);
            BestRoute? old = loc.TryGet(key, out var current) ? current : null;
            if (old != best)
            {
                loc.Set(key, best);
                changes.Add(new RouteChange<TKey>(key, old, best));
            }
        }
        dirty.Clear();
        return changes;
    }

    private BestRoute? Decide<TKey>(TKey key, AdjRibTable<TKey>[] tables) where TKey : struct, IRouteKey<TKey>
    {
        int n = 0;
        for (int peer = 0; peer < tables.Length; peer++)
        {
            if (tables[peer].TryGet(key, out int attributeId))
            {
                _candidates[n] = new Candidate(_sources[peer].Info, Attributes[attributeId]);
                _candidatePeers[n++] = peer;
            }
        }
        if (n == 0)
        {
            return null;
        }
        if (n == 1)
        {
            return new BestRoute(_candidatePeers[0], _candidates[0].Route.Id, 1);
        }
        int best = BestPathSelection.Select(_candidates.AsSpan(0, n), _lostAt, _multipath, Multipath);
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

    /// <summary>The paths sharing a prefix's best route (ECMP), for the FIB.</summary>
    public IReadOnlyList<Candidate> Multipaths(Prefix prefix) =>
        [.. Explain(prefix).Where(e => e.Multipath).Select(e => e.Candidate)];

    private void EnsureBuffers(int peers)
    {
        if (_candidates.Length < peers)
        {
            _candidates = new Candidate[peers];
            _candidatePeers = new int[peers];
            _lostAt = new DecisionStep[peers];
            _multipath = new bool[peers];
        }
    }
}
