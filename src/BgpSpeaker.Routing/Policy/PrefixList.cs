using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>
/// A named set of prefix ranges; a prefix matches the list when it matches any entry of its own
/// family. Matching scans flat per-family arrays and allocates nothing.
/// </summary>
public sealed class PrefixList : IEquatable<PrefixList>
{
    private readonly Range4[] _v4;
    private readonly Range6[] _v6;

    public PrefixList(string name, IEnumerable<PrefixListEntry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Entries = entries.ToValueArray();
        _v4 = [.. Entries.Where(e => e.Prefix.Afi == Afi.Ipv4).Select(e => new Range4(e))];
        _v6 = [.. Entries.Where(e => e.Prefix.Afi == Afi.Ipv6).Select(e => new Range6(e))];
    }

    public string Name { get; }

    /// <summary>In configured order.</summary>
    public ValueArray<PrefixListEntry> Entries { get; }

    public bool Matches(Prefix prefix)
    {
        byte length = prefix.Length;
        if (prefix.Afi == Afi.Ipv4)
        {
            uint bits = (uint)prefix.Bits;
            foreach (ref readonly var r in _v4.AsSpan())
            {
                if (length >= r.Min && length <= r.Max && (bits & r.Mask) == r.Bits)
                {
                    return true;
                }
            }
            return false;
        }
        foreach (ref readonly var r in _v6.AsSpan())
        {
            if (length >= r.Min && length <= r.Max && (prefix.Bits & r.Mask) == r.Bits)
            {
                return true;
            }
        }
        return false;
    }

    public bool Equals(PrefixList? other) => other is not null && Name == other.Name && Entries.Equals(other.Entries);

    public override bool Equals(object? obj) => Equals(obj as PrefixList);

    public override int GetHashCode() => HashCode.Combine(Name, Entries);

    public override string ToString() => $"{Name} {Entries}";

    private readonly struct Range4(PrefixListEntry e)
    {
        public readonly uint Bits = (uint)e.Prefix.Bits;
        public readonly uint Mask = e.Prefix.Length == 0 ? 0 : uint.MaxValue << (32 - e.Prefix.Length);
        public readonly byte Min = (byte)e.MinLength;
        public readonly byte Max = (byte)e.MaxLength;
    }

    private readonly struct Range6(PrefixListEntry e)
    {
        public readonly UInt128 Bits = e.Prefix.Bits;
        public readonly UInt128 Mask = e.Prefix.Length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - e.Prefix.Length);
        public readonly byte Min = (byte)e.MinLength;
        public readonly byte Max = (byte)e.MaxLength;
    }
}
