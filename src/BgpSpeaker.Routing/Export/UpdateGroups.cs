using System.Runtime.InteropServices;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>
/// Prefixes to announce, each with the outgoing attribute set it will be sent with, plus withdrawals:
/// the shape UPDATEs are packed from. Announcements go into one flat list that is sorted by attribute
/// set before packing, so a run with a thousand sets keeps one buffer, not a thousand. The buffers are
/// reused between runs and shrink again after a full table passed through.
/// </summary>
internal sealed class UpdateGroups
{
    private const int KeepCapacity = 65_536;

    private readonly List<int> _attributeIds = [];
    private readonly List<NlriEntry> _announced = [];

    public List<NlriEntry> Withdrawals { get; } = [];

    public void Announce(int attributeId, Prefix prefix)
    {
        _attributeIds.Add(attributeId);
        _announced.Add(new NlriEntry(prefix, 0));
    }

    /// <summary>Sorts the announcements by attribute set; returns each set with where its prefixes are in <see cref="Prefixes"/>.</summary>
    public List<(int AttributeId, int Start, int Count)> Sort()
    {
        CollectionsMarshal.AsSpan(_attributeIds).Sort(CollectionsMarshal.AsSpan(_announced));
        var runs = new List<(int, int, int)>();
        for (int start = 0, end; start < _attributeIds.Count; start = end)
        {
            int id = _attributeIds[start];
            for (end = start + 1; end < _attributeIds.Count && _attributeIds[end] == id; end++)
            {
            }
            runs.Add((id, start, end - start));
        }
        return runs;
    }

    /// <summary>Announced prefixes, valid until <see cref="Clear"/>.</summary>
    public ReadOnlySpan<NlriEntry> Prefixes(int start, int count) => CollectionsMarshal.AsSpan(_announced).Slice(start, count);

    public void Clear()
    {
        Reset(_attributeIds);
        Reset(_announced);
        Reset(Withdrawals);
    }

    private static void Reset<T>(List<T> list)
    {
        bool wasLarge = list.Capacity > 4 * KeepCapacity;
        list.Clear();
        if (wasLarge)
        {
            list.Capacity = KeepCapacity; // a full table passed through; don't keep its buffer
        }
    }
}
