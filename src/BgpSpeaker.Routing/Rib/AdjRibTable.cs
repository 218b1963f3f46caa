namespace BgpSpeaker.Routing.Rib;

/// <summary>
/// One peer's routes of one family (an Adj-RIB-In): prefix → interned attribute id. A 16-byte entry
/// and 4–8 bytes of buckets a route for IPv4; the count is maintained as routes come and go.
/// </summary>
public sealed class AdjRibTable<TKey> where TKey : struct, IRouteKey<TKey>
{
    private readonly PrefixTable<TKey, int> _routes = new();

    public int Count => _routes.Count;

    public bool TryGet(TKey key, out int attributeId) => _routes.TryGetValue(key, out attributeId);

    /// <summary>Returns true when this changed the table.</summary>
    public bool Set(TKey key, int attributeId)
    {
        ref var slot = ref _routes.GetValueRefOrAddDefault(key, out bool exists);
        if (exists && slot == attributeId)
        {
            return false;
        }
        slot = attributeId;
        return true;
    }

    public bool Remove(TKey key) => _routes.Remove(key);

    public IEnumerable<KeyValuePair<TKey, int>> Entries => _routes.Entries;

    public void Clear() => _routes.Clear();

    /// <summary>Gives back the growth slack once a table has settled (it grows by doubling).</summary>
    public void Trim() => _routes.Trim();
}
