namespace BgpSpeaker.Routing.Rib;

/// <summary>The selected route for a prefix: who it came from, its attributes, and how many equal-cost paths share it.</summary>
public readonly record struct BestRoute(int Peer, int AttributeId, byte Paths)
{
    /// <summary>Peer in 16 bits, path count in 8, attribute id in 32: one word per prefix in the Loc-RIB.</summary>
    internal ulong Pack() => ((ulong)(uint)AttributeId << 24) | ((ulong)Paths << 16) | (ushort)Peer;

    internal static BestRoute Unpack(ulong packed) => new((ushort)packed, (int)(uint)(packed >> 24), (byte)(packed >> 16));
}

/// <summary>A prefix whose best route changed in one decision run; a null side means no route.</summary>
public readonly record struct RouteChange<TKey>(TKey Key, BestRoute? Old, BestRoute? New) where TKey : struct, IRouteKey<TKey>;

/// <summary>
/// The Loc-RIB of one family: prefix → best route, the route packed into one 64-bit word (a 20-byte
/// entry and a 4-byte bucket for IPv4).
/// </summary>
public sealed class LocRib<TKey> where TKey : struct, IRouteKey<TKey>
{
    private readonly PrefixTable<TKey, ulong> _best = new();

    public int Count => _best.Count;

    public bool TryGet(TKey key, out BestRoute best)
    {
        bool found = _best.TryGetValue(key, out ulong packed);
        best = BestRoute.Unpack(packed);
        return found;
    }

    public void Set(TKey key, BestRoute? best) => Replace(key, best, out _);

    /// <summary>Stores <paramref name="best"/> (null removes) with one lookup; returns whether it differs from <paramref name="old"/>.</summary>
    public bool Replace(TKey key, BestRoute? best, out BestRoute? old)
    {
        if (best is not { } value)
        {
            old = _best.Remove(key, out ulong removed) ? BestRoute.Unpack(removed) : null;
            return old is not null;
        }
        ref ulong slot = ref _best.GetValueRefOrAddDefault(key, out bool exists);
        ulong packed = value.Pack();
        old = exists ? BestRoute.Unpack(slot) : null;
        slot = packed;
        return !exists || old != value;
    }

    /// <summary>Gives back the growth slack once the table has settled.</summary>
    public void Trim() => _best.Trim();

    public IEnumerable<KeyValuePair<TKey, BestRoute>> Entries => _best.Entries.Select(e => KeyValuePair.Create(e.Key, BestRoute.Unpack(e.Value)));
}
