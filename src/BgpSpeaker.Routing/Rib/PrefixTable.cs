using System.Runtime.InteropServices;

namespace BgpSpeaker.Routing.Rib;

/// <summary>
/// The RIBs' hash table: prefix → a small value. Chained like a Dictionary, with two differences that
/// matter for a full table arriving at once:
/// - entries live in fixed segments that are never moved, so growing copies nothing: only the bucket
///   array (4 bytes a slot) doubles and is relinked, where a Dictionary copies every entry into fresh
///   memory each time it doubles (half its insert time in a million-route burst, and the page faults
///   of the copies);
/// - an entry holds no hash code (the key's is cheap to recompute): 16 bytes for an IPv4 Adj-RIB-In
///   route against a Dictionary entry's 24.
/// Entries are appended in arrival order and the key's <see cref="IRouteKey{TSelf}.Mix"/> puts neighbouring
/// prefixes in neighbouring buckets, so a burst walks both arrays almost in order.
/// A removed entry goes on a free list for the next insert; <see cref="Trim"/> repacks a table that
/// has shrunk.
/// </summary>
public sealed class PrefixTable<TKey, TValue> where TKey : struct, IRouteKey<TKey> where TValue : struct
{
    private const int SegmentBits = 14;
    private const int SegmentSize = 1 << SegmentBits; // 16,384 entries: 256 KB for an IPv4 Adj-RIB-In
    private const int MinimumBucketBits = 4;
    private const int None = -1;

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct Entry
    {
        public TKey Key; // TKey.Vacant when on the free list
        public TValue Value;
        public int Next; // the next entry of the bucket's chain, or of the free list
    }

    private Entry[][] _segments = [];
    private int _segmentCount;
    private int[] _buckets = NewBuckets(MinimumBucketBits);
    private int _bucketBits = MinimumBucketBits;
    private int _used; // entries handed out so far, free ones included
    private int _free = None;

    public int Count { get; private set; }

    /// <summary>Entries allocated (tests and the memory report).</summary>
    public int Capacity => _segmentCount * SegmentSize;

    public bool TryGetValue(TKey key, out TValue value)
    {
        for (int i = _buckets[Bucket(key)]; i != None;)
        {
            ref readonly var entry = ref At(i);
            if (entry.Key.Equals(key))
            {
                value = entry.Value;
                return true;
            }
            i = entry.Next;
        }
        value = default;
        return false;
    }

    /// <summary>The value's slot, added (default value) when the key is new; valid until the next change to the table.</summary>
    public ref TValue GetValueRefOrAddDefault(TKey key, out bool exists)
    {
        ref int head = ref _buckets[Bucket(key)];
        for (int i = head; i != None;)
        {
            ref var entry = ref At(i);
            if (entry.Key.Equals(key))
            {
                exists = true;
                return ref entry.Value;
            }
            i = entry.Next;
        }
        exists = false;
        int index = Allocate();
        ref var added = ref At(index);
        added.Key = key;
        added.Value = default;
        added.Next = head;
        head = index;
        Count++;
        if (Count > _buckets.Length)
        {
            Rebucket(_bucketBits + 1); // the entry stays where it is: the reference stays valid
        }
        return ref added.Value;
    }

    public bool Remove(TKey key) => Remove(key, out _);

    public bool Remove(TKey key, out TValue value)
    {
        ref int link = ref _buckets[Bucket(key)];
        while (link != None)
        {
            int index = link;
            ref var entry = ref At(index);
            if (entry.Key.Equals(key))
            {
                value = entry.Value;
                link = entry.Next;
                entry.Key = TKey.Vacant;
                entry.Next = _free;
                _free = index;
                Count--;
                return true;
            }
            link = ref entry.Next;
        }
        value = default;
        return false;
    }

    public void Clear()
    {
        _segments = [];
        _segmentCount = 0;
        _buckets = NewBuckets(MinimumBucketBits);
        _bucketBits = MinimumBucketBits;
        _used = 0;
        _free = None;
        Count = 0;
    }

    /// <summary>
    /// Gives back what a shrunk table no longer needs: its entries are repacked into as few segments as
    /// hold them and the bucket array sized to the count. A rebuild: call it when idle.
    /// </summary>
    public void Trim()
    {
        int segments = (Count + SegmentSize - 1) / SegmentSize;
        int bits = BucketBitsFor(Count);
        if (segments == _segmentCount && bits == _bucketBits)
        {
            return;
        }
        var live = new Entry[segments][];
        int n = 0;
        foreach (var entry in Live())
        {
            if (n % SegmentSize == 0)
            {
                live[n / SegmentSize] = new Entry[SegmentSize];
            }
            live[n / SegmentSize][n % SegmentSize] = entry;
            n++;
        }
        _segments = live;
        _segmentCount = segments;
        _used = n;
        _free = None;
        Rebucket(bits);
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => Live().Select(e => KeyValuePair.Create(e.Key, e.Value));

    private IEnumerable<Entry> Live()
    {
        for (int i = 0; i < _used; i++)
        {
            var entry = At(i);
            if (!entry.Key.Equals(TKey.Vacant))
            {
                yield return entry;
            }
        }
    }

    private int Allocate()
    {
        if (_free != None)
        {
            int index = _free;
            _free = At(index).Next;
            return index;
        }
        if (_used == Capacity)
        {
            if (_segmentCount == _segments.Length)
            {
                Array.Resize(ref _segments, Math.Max(4, _segmentCount * 2));
            }
            _segments[_segmentCount++] = new Entry[SegmentSize];
        }
        return _used++;
    }

    /// <summary>A bucket array of 2^<paramref name="bits"/> slots, every live entry linked into it (entries do not move).</summary>
    private void Rebucket(int bits)
    {
        var buckets = NewBuckets(bits);
        for (int i = 0; i < _used; i++)
        {
            ref var entry = ref At(i);
            if (!entry.Key.Equals(TKey.Vacant))
            {
                ref int head = ref buckets[(int)(entry.Key.Mix() & ((1u << bits) - 1))];
                entry.Next = head;
                head = i;
            }
        }
        _buckets = buckets;
        _bucketBits = bits;
    }

    private int Bucket(TKey key) => (int)(key.Mix() & (uint)(_buckets.Length - 1));

    private ref Entry At(int index) => ref _segments[index >> SegmentBits][index & (SegmentSize - 1)];

    private static int BucketBitsFor(int count) => Math.Max(MinimumBucketBits, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(count - 1, 1)));

    private static int[] NewBuckets(int bits)
    {
        var buckets = GC.AllocateUninitializedArray<int>(1 << bits);
        buckets.AsSpan().Fill(None);
        return buckets;
    }
}
