using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Rib;

/// <summary>
/// A prefix as a table key. IPv4 packs into one 64-bit number so a million-route table stays small;
/// IPv6 keeps its 128 bits. Tables are generic over the key, so each family gets its own compact table.
/// </summary>
public interface IRouteKey<TSelf> : IEquatable<TSelf> where TSelf : struct, IRouteKey<TSelf>
{
    static abstract TSelf From(Prefix prefix);

    Prefix ToPrefix();
}

/// <summary>An IPv4 prefix: address in the high 32 bits of the low 40, length in the low 8.</summary>
public readonly record struct V4Key(ulong Value) : IRouteKey<V4Key>, IComparable<V4Key>
{
    public static V4Key From(Prefix prefix) => new(((ulong)(uint)prefix.Bits << 8) | prefix.Length);

    public Prefix ToPrefix() => Prefix.V4((uint)(Value >> 8), (int)(Value & 0xFF));

    public int CompareTo(V4Key other) => Value.CompareTo(other.Value);

    public override string ToString() => ToPrefix().ToString();
}

/// <summary>An IPv6 prefix.</summary>
public readonly record struct V6Key(UInt128 Bits, byte Length) : IRouteKey<V6Key>, IComparable<V6Key>
{
    public static V6Key From(Prefix prefix) => new(prefix.Bits, prefix.Length);

    public Prefix ToPrefix() => Prefix.V6(Bits, Length);

    public int CompareTo(V6Key other) => Bits != other.Bits ? Bits.CompareTo(other.Bits) : Length.CompareTo(other.Length);

    public override string ToString() => ToPrefix().ToString();
}
