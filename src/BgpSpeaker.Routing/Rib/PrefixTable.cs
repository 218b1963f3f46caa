using System.Runtime.InteropServices;

namespace BgpSpeaker.Routing.Rib;

/// <summary>
/// The RIBs' hash table: prefix → a small value. Chained like a Dictionary, with two differences that
/// matter for a full table arriving at once:
/// - entries live in fixed segments that are never moved, so growing copies nothing: only the bucket
///   array (4 bytes a slot) doubles and is relinked, where a Dictionary copies every entry into fresh
///   memory each time it doubles (half its insert time in a million-route burst, and the page faults
///   of the copies). Only the first segment starts small and doubles (a node's own tables hold a few
///   routes), up to the segments' size;
/// - an entry holds no hash code (the key's is cheap to recompute): 16 bytes for an IPv4 Adj-RIB-In
///   route against a Dictionary entry's 24.
/// Entries are appended in arrival order and the key's <see cref="IRouteKey{TSelf}.Mix"/> puts neighbouring
/// prefixes in neighbouring buckets, so a burst walks both arrays almost in order. That hash is
/// predictable: once an insert walks a chain longer than <see cref="MaxChain"/> (prefixes crafted to
/// share a bucket) the table rehashes with the key's seeded hash and keeps it until cleared.
/// A removed entry goes on a free list for the next insert; <see cref="Trim"/> repacks a table that
/// has shrunk.
/// </summary>
public sealed class PrefixTable<TKey, TValue> where TKey : struct, IRouteKey<TKey> where TValue : unmanaged
{
    private const int SegmentBits = 14;
    private const int SegmentSize = 1 << SegmentBits; // 16,384 entries: 256 KB for an IPv4 Adj-RIB-In
    private const int FirstSegmentSize = 64;
    private const int MinimumBucketBits = 4;
    private const int None = -1;

    /// <summary>Longer chains than this, met on an insert, switch the table to the seeded hash.</summary>
    internal const int MaxChain = 32;

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
    private int _used; // entries handed out so far, free ones included
    private int _free = None;

    public int Count { get; private set; }

    /// <summary>Entries allocated (tests and the memory report).</summary>
    public int Capacity => _segmentCount == 0 ? 0 : ((_segmentCount - 1) * SegmentSize) + _segments[_segmentCount - 1].Length;

    /// <summary>Buckets are chosen by the keys' seeded hash (a long chain was met) rather than their <see cref="IRouteKey{TSelf}.Mix"/>.</summary>
    public bool Seeded { get; private set; }

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
        int chain = 0;
        for (int i = head; i != None; chain++)
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
        int index = Allocate(); // before taking any reference: the first segment may move as it grows
        ref var added = ref At(index);
        added.Key = key;
        added.Value = default;
        added.Next = head;
        head = index;
        Count++;
        if (chain > MaxChain && !Seeded)
        {
            Seeded = true;
            Rebucket(BucketBits);
        }
        else if (Count > _buckets.Length)
        {
            Rebucket(BucketBits + 1); // the entry stays where it is: the reference stays valid
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
        _used = 0;
        _free = None;
        Count = 0;
        Seeded = false;
    }

    /// <summary>
    /// Gives back what a shrunk table no longer needs: its entries are repacked into as few segments as
    /// hold them and the bucket array sized to the count. A rebuild: call it when idle.
    /// </summary>
    public void Trim()
    {
        int bits = BucketBitsFor(Count);
        if (Capacity == SizeFor(Count) && bits == BucketBits)
        {
            return;
        }
        var live = new Entry[(Count + SegmentSize - 1) / SegmentSize][];
        int n = 0;
        foreach (var entry in Live())
        {
            if (n % SegmentSize == 0)
            {
                live[n / SegmentSize] = new Entry[Count <= SegmentSize ? SizeFor(Count) : SegmentSize]; // only a lone first segment may be short
            }
            live[n / SegmentSize][n % SegmentSize] = entry;
            n++;
        }
        _segments = live;
        _segmentCount = live.Length;
        _used = n;
        _free = None;
        Rebucket(bits);
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Entries => Live().Select(e => KeyValuePair.Create(e.Key, e.Value));

    /// <summary>The longest bucket chain (tests).</summary>
    internal int LongestChain()
    {
        int longest = 0;
        foreach (int head in _buckets)
        {
            int length = 0;
            for (int i = head; i != None; i = At(i).Next)
            {
                length++;
            }
            longest = Math.Max(longest, length);
        }
        return longest;
    }

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
            if (_segmentCount == 1 && _segments[0].Length < SegmentSize)
            {
                Array.Resize(ref _segments[0], Math.Min(SegmentSize, _segments[0].Length * 2));
            }
            else
            {
                if (_segmentCount == _segments.Length)
                {
                    Array.Resize(ref _segments, Math.Max(4, _segmentCount * 2));
                }
                int size = _segmentCount == 0 ? FirstSegmentSize : SegmentSize;
                _segments[_segmentCount++] = new Entry[size];
            }
        }
        return _used++;
    }

    /// <summary>A bucket array of 2^<paramref name="bits"/> slots, every live entry linked into it (entries do not move).</summary>
    private void Rebucket(int bits)
    {
        var buckets = NewBuckets(bits);
        uint mask = (1u << bits) - 1;
        for (int i = 0; i < _used; i++)
        {
            ref var entry = ref At(i);
            if (!entry.Key.Equals(TKey.Vacant))
            {
                ref int head = ref buckets[(int)(Hash(entry.Key) & mask)];
                entry.Next = head;
                head = i;
            }
        }
        _buckets = buckets;
    }

    private int BucketBits => System.Numerics.BitOperations.Log2((uint)_buckets.Length);

    private uint Hash(TKey key) => Seeded ? key.SeededHash() : key.Mix();

    private int Bucket(TKey key) => (int)(Hash(key) & (uint)(_buckets.Length - 1));

    private ref Entry At(int index) => ref _segments[index >> SegmentBits][index & (SegmentSize - 1)];

    /// <summary>Entries a table of <paramref name="count"/> is trimmed to: the first segment no larger than it needs, whole segments after it.</summary>
    private static int SizeFor(int count) => count == 0 ? 0
        : count <= SegmentSize ? Math.Max(FirstSegmentSize, count)
        : (count + SegmentSize - 1) / SegmentSize * SegmentSize;

    private static int BucketBitsFor(int count) => Math.Max(MinimumBucketBits, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(count - 1, 1)));

    private static int[] NewBuckets(int bits)
    {
        var buckets = GC.AllocateUninitializedArray<int>(1 << bits);
        buckets.AsSpan().Fill(None);
        return buckets;
    }
}
