namespace BgpSpeaker.Routing.Rib;

/// <summary>The selected route for a prefix: who it came from, its attributes, and how many equal-cost paths share it.</summary>
public readonly record struct BestRoute(int Peer, int AttributeId, byte Paths);

/// <summary>A prefix whose best route changed in one decision run; a null side means no route.</summary>
public readonly record struct RouteChange<TKey>(TKey Key, BestRoute? Old, BestRoute? New) where TKey : struct, IRouteKey<TKey>;

/// <summary>The Loc-RIB of one family: prefix → best route.</summary>
public sealed class LocRib<TKey> where TKey : struct, IRouteKey<TKey>
{
    private readonly Dictionary<TKey, BestRoute> _best = [];

    public int Count => _best.Count;

    public bool TryGet(TKey key, out BestRoute best) => _best.TryGetValue(key, out best);

    public void Set(TKey key, BestRoute? best)
    {
        if (best is { } value)
        {
            _best[key] = value;
        }
        else
        {
            _best.Remove(key);
        }
    }

    public IEnumerable<KeyValuePair<TKey, BestRoute>> Entries => _best;
}
