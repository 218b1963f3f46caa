using System.Text;

namespace BgpSpeaker.Wire.Attributes;

/// <summary>AS_PATH segment types (RFC 4271 §4.3, RFC 5065).</summary>
public enum AsPathSegmentType : byte
{
    Set = 1,
    Sequence = 2,
    ConfedSequence = 3,
    ConfedSet = 4,
}

/// <summary>One AS_PATH segment: a type and its ASNs (always held as 4-octet numbers).</summary>
public sealed class AsPathSegment : IEquatable<AsPathSegment>
{
    public AsPathSegment(AsPathSegmentType type, uint[] asns)
    {
        Type = type;
        Asns = asns;
    }

    public AsPathSegmentType Type { get; }
    public IReadOnlyList<uint> Asns { get; }

    /// <summary>Contribution to the path length used by the decision process (RFC 4271 §9.1.2.2 a, RFC 5065 §5.3).</summary>
    public int PathLength => Type switch
    {
        AsPathSegmentType.Sequence => Asns.Count,
        AsPathSegmentType.Set => 1,
        _ => 0,
    };

    public bool Equals(AsPathSegment? other) =>
        other is not null && Type == other.Type && Asns.SequenceEqual(other.Asns);

    public override bool Equals(object? obj) => Equals(obj as AsPathSegment);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        foreach (uint asn in Asns)
        {
            hash.Add(asn);
        }
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        string inner = string.Join(' ', Asns);
        return Type switch
        {
            AsPathSegmentType.Set => $"{{{inner}}}",
            AsPathSegmentType.ConfedSequence => $"({inner})",
            AsPathSegmentType.ConfedSet => $"[{inner}]",
            _ => inner,
        };
    }
}

/// <summary>An AS_PATH: ordered segments, nearest AS first.</summary>
public sealed class AsPath : IEquatable<AsPath>
{
    public static readonly AsPath Empty = new([]);

    public AsPath(IReadOnlyList<AsPathSegment> segments) => Segments = segments;

    public IReadOnlyList<AsPathSegment> Segments { get; }

    public static AsPath FromSequence(params uint[] asns) =>
        asns.Length == 0 ? Empty : new([new AsPathSegment(AsPathSegmentType.Sequence, asns)]);

    public int PathLength => Segments.Sum(s => s.PathLength);

    /// <summary>The neighbouring AS: the first ASN of a leading AS_SEQUENCE (RFC 4271 §9.1.2.2 c).</summary>
    public uint? FirstAs =>
        Segments.Count > 0 && Segments[0].Type == AsPathSegmentType.Sequence && Segments[0].Asns.Count > 0
            ? Segments[0].Asns[0]
            : null;

    public bool Contains(uint asn) => Segments.Any(s => s.Asns.Contains(asn));

    /// <summary>How many times <paramref name="asn"/> appears, in every segment.</summary>
    public int Occurrences(uint asn) => Segments.Sum(s => s.Asns.Count(a => a == asn));

    /// <summary>A new path with <paramref name="asn"/> prepended <paramref name="count"/> times.</summary>
    public AsPath Prepend(uint asn, int count = 1)
    {
        var head = Enumerable.Repeat(asn, count);
        if (Segments.Count > 0 && Segments[0].Type == AsPathSegmentType.Sequence && Segments[0].Asns.Count + count <= 255)
        {
            return new AsPath([new AsPathSegment(AsPathSegmentType.Sequence, [.. head, .. Segments[0].Asns]), .. Segments.Skip(1)]);
        }
        return new AsPath([new AsPathSegment(AsPathSegmentType.Sequence, [.. head]), .. Segments]);
    }

    public bool Equals(AsPath? other) => other is not null && Segments.SequenceEqual(other.Segments);

    public override bool Equals(object? obj) => Equals(obj as AsPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in Segments)
        {
            hash.Add(segment);
        }
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in Segments)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(segment);
        }
        return text.ToString();
    }
}
