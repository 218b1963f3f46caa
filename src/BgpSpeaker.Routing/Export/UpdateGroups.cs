using System.Runtime.InteropServices;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>
/// Prefixes to announce, each with the outgoing attribute set it will be sent with, plus withdrawals:
/// the shape UPDATEs are packed from. Announcements go into one flat list that is ordered by attribute
/// set before packing, so a run with a thousand sets keeps one buffer, not a thousand. The buffers are
/// reused between runs and shrink again after a full table passed through.
/// </summary>
internal sealed class UpdateGroups
{
    private const int KeepCapacity = 65_536;

    private readonly List<int> _attributeIds = [];
    private readonly List<NlriEntry> _announced = [];
    private readonly List<NlriEntry> _sorted = [];
    private int[] _starts = new int[64];

    public List<NlriEntry> Withdrawals { get; } = [];

    public int AnnouncedCount => _announced.Count;

    /// <summary>Room for a run of at most <paramref name="announcements"/> and about <paramref name="withdrawals"/> prefixes.</summary>
    public void Reserve(int announcements, int withdrawals)
    {
        Scratch.Reserve(_attributeIds, announcements);
        Scratch.Reserve(_announced, announcements);
        Scratch.Reserve(_sorted, announcements);
        Scratch.Reserve(Withdrawals, withdrawals);
    }

    public void Announce(int attributeId, Prefix prefix)
    {
        _attributeIds.Add(attributeId);
        _announced.Add(new NlriEntry(prefix, 0));
    }

    /// <summary>
    /// Orders the announcements by attribute set (a counting sort: ids are small dense integers, so this
    /// is two passes, not n log n); returns each set with where its prefixes are in <see cref="Prefixes"/>.
    /// </summary>
    public List<(int AttributeId, int Start, int Count)> Sort()
    {
        var runs = new List<(int AttributeId, int Start, int Count)>();
        var ids = CollectionsMarshal.AsSpan(_attributeIds);
        int max = 0;
        foreach (int id in ids)
        {
            max = Math.Max(max, id);
        }
        if (_starts.Length <= max)
        {
            _starts = new int[Math.Max(max + 1, _starts.Length * 2)];
        }
        foreach (int id in ids)
        {
            if (_starts[id]++ == 0)
            {
                runs.Add((id, 0, 0));
            }
        }
        int next = 0;
        for (int i = 0; i < runs.Count; i++)
        {
            int count = _starts[runs[i].AttributeId];
            runs[i] = (runs[i].AttributeId, next, count);
            _starts[runs[i].AttributeId] = next;
            next += count;
        }
        CollectionsMarshal.SetCount(_sorted, ids.Length);
        var sorted = CollectionsMarshal.AsSpan(_sorted);
        var announced = CollectionsMarshal.AsSpan(_announced);
        for (int i = 0; i < ids.Length; i++)
        {
            sorted[_starts[ids[i]]++] = announced[i];
        }
        foreach (var run in runs)
        {
            _starts[run.AttributeId] = 0; // ready for the next run
        }
        return runs;
    }

    /// <summary>Announced prefixes, valid until <see cref="Clear"/>.</summary>
    public ReadOnlySpan<NlriEntry> Prefixes(int start, int count) => CollectionsMarshal.AsSpan(_sorted).Slice(start, count);

    public void Clear()
    {
        Reset(_attributeIds);
        Reset(_announced);
        Reset(_sorted);
        Reset(Withdrawals);
    }

    /// <summary>What the withdrawn and announced prefixes take on the wire (length octet, address octets, path id).</summary>
    public long PrefixOctets(int pathIdOctets)
    {
        long octets = 0;
        foreach (var entry in CollectionsMarshal.AsSpan(Withdrawals))
        {
            octets += 1 + ((entry.Prefix.Length + 7) / 8) + pathIdOctets;
        }
        foreach (var entry in CollectionsMarshal.AsSpan(_announced))
        {
            octets += 1 + ((entry.Prefix.Length + 7) / 8) + pathIdOctets;
        }
        return octets;
    }

    /// <summary>Entries the buffers have room for (what <see cref="Release"/> gives back).</summary>
    internal int BufferedEntries => _attributeIds.Capacity + _announced.Capacity + _sorted.Capacity + Withdrawals.Capacity;

    /// <summary>Empties every buffer and gives its memory back.</summary>
    public void Release()
    {
        Clear();
        _attributeIds.Capacity = _announced.Capacity = _sorted.Capacity = Withdrawals.Capacity = 0;
        _starts = new int[64]; // as large as the highest attribute id seen, and ids are not reused
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
