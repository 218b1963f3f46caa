namespace BgpSpeaker.Wire.Attributes;

/// <summary>
/// The attribute set that many routes share (next hops and NLRI are carried apart). Immutable, with
/// value equality and a cached hash, so the routing core can intern one instance per distinct set.
/// </summary>
public sealed class PathAttributes : IEquatable<PathAttributes>
{
    private int _hash;

    public static readonly PathAttributes Empty = new();

    public Origin Origin { get; init; } = Origin.Incomplete;
    public AsPath AsPath { get; init; } = AsPath.Empty;
    public uint? MultiExitDisc { get; init; }
    public uint? LocalPref { get; init; }
    public bool AtomicAggregate { get; init; }
    public Aggregator? Aggregator { get; init; }
    public Community[] Communities { get; init; } = [];
    public ExtendedCommunity[] ExtendedCommunities { get; init; } = [];
    public LargeCommunity[] LargeCommunities { get; init; } = [];
    public uint? OriginatorId { get; init; }
    public uint[] ClusterList { get; init; } = [];

    /// <summary>Optional transitive attributes we do not know, forwarded with the Partial bit (RFC 4271 §5).</summary>
    public RawAttribute[] Unknown { get; init; } = [];

    public bool Equals(PathAttributes? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        return other is not null
            && GetHashCode() == other.GetHashCode()
            && Origin == other.Origin
            && MultiExitDisc == other.MultiExitDisc
            && LocalPref == other.LocalPref
            && AtomicAggregate == other.AtomicAggregate
            && Aggregator == other.Aggregator
            && OriginatorId == other.OriginatorId
            && AsPath.Equals(other.AsPath)
            && Communities.AsSpan().SequenceEqual(other.Communities)
            && ExtendedCommunities.AsSpan().SequenceEqual(other.ExtendedCommunities)
            && LargeCommunities.AsSpan().SequenceEqual(other.LargeCommunities)
            && ClusterList.AsSpan().SequenceEqual(other.ClusterList)
            && Unknown.AsSpan().SequenceEqual(other.Unknown);
    }

    public override bool Equals(object? obj) => Equals(obj as PathAttributes);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            hash.Add(Origin);
            hash.Add(AsPath);
            hash.Add(MultiExitDisc);
            hash.Add(LocalPref);
            hash.Add(AtomicAggregate);
            hash.Add(Aggregator);
            hash.Add(OriginatorId);
            AddAll(ref hash, Communities);
            AddAll(ref hash, ExtendedCommunities);
            AddAll(ref hash, LargeCommunities);
            AddAll(ref hash, ClusterList);
            AddAll(ref hash, Unknown);
            int value = hash.ToHashCode();
            _hash = value == 0 ? 1 : value;
        }
        return _hash;
    }

    private static void AddAll<T>(ref HashCode hash, T[] items)
    {
        hash.Add(items.Length);
        foreach (var item in items)
        {
            hash.Add(item);
        }
    }
}
