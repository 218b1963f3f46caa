using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Rib;

/// <summary>
/// A prefix as a table key. IPv4 packs into one 64-bit number so a million-route table stays small;
/// IPv6 keeps its 128 bits. Tables are generic over the key, so each family gets its own compact table.
/// </summary>
public interface IRouteKey<TSelf> : IEquatable<TSelf> where TSelf : struct, IRouteKey<TSelf>
{
    static abstract TSelf From(Prefix prefix);

    /// <summary>A key no prefix has (its length is impossible): marks an empty slot in a <see cref="PrefixTable{TKey, TValue}"/>.</summary>
    static abstract TSelf Vacant { get; }

    /// <summary>32 bits of the key whose low bits pick its bucket in a table; may keep neighbouring prefixes together, and is predictable.</summary>
    uint Mix();

    /// <summary>
    /// Every bit of the key mixed with a random seed of this process: what a table falls back to when a
    /// chain grows long (a peer that crafts prefixes to share a bucket cannot know where they land).
    /// </summary>
    uint SeededHash();

    Prefix ToPrefix();
}

/// <summary>An IPv4 prefix: address in the high 32 bits of the low 40, length in the low 8.</summary>
public readonly record struct V4Key(ulong Value) : IRouteKey<V4Key>, IComparable<V4Key>
{
    public static V4Key From(Prefix prefix) => new(((ulong)(uint)prefix.Bits << 8) | prefix.Length);

    public static V4Key Vacant => new(0xFF);

    private const uint LengthStride = 0x9E3779B9; // 2^32 / φ: successive lengths' offsets fall far apart in any table size

    // The network number right-aligned (10.0.1.0/24 → 0x0A0001), plus an offset per length: the
    // neighbouring prefixes of a burst land in neighbouring buckets, so it walks the bucket array in
    // order instead of at random (a cache miss per route saved), and a dense run of one length fills
    // every bucket once before any bucket holds two. (Folding the address onto itself instead lost
    // bits: 900,000 /24s shared 57,000 buckets.) Predictable, so a table whose chains grow long switches
    // to SeededHash.
    public uint Mix()
    {
        int length = (int)(Value & 0xFF);
        uint network = length == 0 ? 0 : (uint)((Value >> 8) >> (32 - length));
        return network + ((uint)length * LengthStride);
    }

    public uint SeededHash() => (uint)HashCode.Combine((uint)(Value >> 8), (byte)Value);

    public override int GetHashCode() => (int)SeededHash();

    public Prefix ToPrefix() => Prefix.V4((uint)(Value >> 8), (int)(Value & 0xFF));

    public int CompareTo(V4Key other) => Value.CompareTo(other.Value);

    public override string ToString() => ToPrefix().ToString();
}

/// <summary>An IPv6 prefix: the address as two words (a UInt128 field would align the key, and each table entry, to 16 bytes).</summary>
public readonly record struct V6Key : IRouteKey<V6Key>, IComparable<V6Key>
{
    private readonly ulong _high;
    private readonly ulong _low;

    public V6Key(UInt128 bits, byte length)
    {
        (_high, _low) = ((ulong)(bits >> 64), (ulong)bits);
        Length = length;
    }

    public UInt128 Bits => new(_high, _low);

    public byte Length { get; }

    public static V6Key From(Prefix prefix) => new(prefix.Bits, prefix.Length);

    public static V6Key Vacant => new(0, 0xFF);

    // As for IPv4: the network number right-aligned, its low 32 bits as they are (neighbours in
    // neighbouring buckets); every bit above them and the length mixed into an offset. Real tables'
    // prefixes often end in zero bits (P:Q:0::/48), so chains can grow here: the table then switches
    // to SeededHash.
    public uint Mix()
    {
        var network = Length is 0 or > 128 ? UInt128.Zero : Bits >> (128 - Length);
        ulong above = (ulong)(network >> 32), top = (ulong)(network >> 96) | ((ulong)Length << 32);
        return (uint)network + (uint)(Finalize(above ^ Finalize(top)) >> 32);
    }

    /// <summary>A 64-bit finaliser (xor-shift, multiply; twice): every output bit depends on every input bit.</summary>
    private static ulong Finalize(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        return x ^ (x >> 33);
    }

    public uint SeededHash() => (uint)HashCode.Combine((uint)(_high >> 32), (uint)_high, (uint)(_low >> 32), (uint)_low, Length);

    public override int GetHashCode() => (int)SeededHash();

    public Prefix ToPrefix() => Prefix.V6(Bits, Length);

    public int CompareTo(V6Key other) => Bits != other.Bits ? Bits.CompareTo(other.Bits) : Length.CompareTo(other.Length);

    public override string ToString() => ToPrefix().ToString();
}
