using System.Globalization;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>
/// One entry of a <see cref="PrefixList"/>: a prefix matches when it lies inside <see cref="Prefix"/>
/// and its length is within [<see cref="MinLength"/>, <see cref="MaxLength"/>]. Without ge or le only
/// the exact prefix matches; with ge alone the range runs to the family's full length.
/// </summary>
public readonly record struct PrefixListEntry
{
    private PrefixListEntry(Prefix prefix, byte? ge, byte? le)
    {
        Prefix = prefix;
        Ge = ge;
        Le = le;
    }

    public Prefix Prefix { get; }

    public byte? Ge { get; }

    public byte? Le { get; }

    public int MinLength => Ge ?? Prefix.Length;

    public int MaxLength => Le ?? (Ge.HasValue ? MaxLengthOf(Prefix.Afi) : Prefix.Length);

    /// <summary>Throws <see cref="ArgumentException"/> with the reason when ge/le are out of range.</summary>
    public static PrefixListEntry Create(Prefix prefix, int? ge = null, int? le = null) =>
        TryCreate(prefix, ge, le, out var entry, out string? error) ? entry : throw new ArgumentException(error);

    /// <summary>Checks length &lt;= ge &lt;= le &lt;= 32 (IPv4) or 128 (IPv6).</summary>
    public static bool TryCreate(Prefix prefix, int? ge, int? le, out PrefixListEntry entry, out string? error)
    {
        entry = default;
        int max = MaxLengthOf(prefix.Afi);
        error = (ge, le) switch
        {
            ({ } g, _) when g < prefix.Length || g > max => $"ge {g} must be between the prefix length {prefix.Length} and {max}",
            (_, { } l) when l < prefix.Length || l > max => $"le {l} must be between the prefix length {prefix.Length} and {max}",
            ({ } g, { } l) when g > l => $"ge {g} must not be greater than le {l}",
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }
        entry = new PrefixListEntry(prefix, (byte?)ge, (byte?)le);
        return true;
    }

    public bool Matches(Prefix prefix) =>
        prefix.Length >= MinLength && prefix.Length <= MaxLength && Prefix.Contains(prefix);

    public override string ToString()
    {
        var text = Prefix.ToString();
        if (Ge is { } ge)
        {
            text += " ge " + ge.ToString(CultureInfo.InvariantCulture);
        }
        if (Le is { } le)
        {
            text += " le " + le.ToString(CultureInfo.InvariantCulture);
        }
        return text;
    }

    internal static int MaxLengthOf(Afi afi) => afi == Afi.Ipv4 ? 32 : 128;
}
