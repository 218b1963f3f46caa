namespace BgpSpeaker.Routing.Rib;

/// <summary>When trimming a settled table is worth a rehash.</summary>
internal static class RibTrim
{
    // Small tables cost little either way; only a large one with much slack is rehashed.
    private const int MinimumEntries = 16_384;

    public static void Trim<TKey, TValue>(Dictionary<TKey, TValue> table) where TKey : notnull
    {
        if (table.Count >= MinimumEntries ? table.Capacity > table.Count + (table.Count / 4) : table.Capacity > 4 * MinimumEntries)
        {
            table.TrimExcess();
        }
    }
}
