using System.Globalization;

namespace BgpSpeaker.Configuration;

/// <summary>The AS a neighbor must announce: a number, one of a list, any external AS, or ours (internal).</summary>
public readonly record struct RemoteAs
{
    private RemoteAs(RemoteAsKind kind, uint number, ValueList<uint>? numbers = null)
    {
        Kind = kind;
        Number = number;
        Numbers = numbers ?? [];
    }

    public static RemoteAs External { get; } = new(RemoteAsKind.External, 0);

    public static RemoteAs Internal { get; } = new(RemoteAsKind.Internal, 0);

    public RemoteAsKind Kind { get; }

    /// <summary>The required AS when <see cref="Kind"/> is <see cref="RemoteAsKind.Number"/>, else 0.</summary>
    public uint Number { get; }

    /// <summary>The accepted ASes when <see cref="Kind"/> is <see cref="RemoteAsKind.AnyOf"/> (all external), else empty.</summary>
    public ValueList<uint> Numbers { get; }

    public static RemoteAs Of(uint asn) => new(RemoteAsKind.Number, asn);

    /// <summary>Any of <paramref name="asns"/>, all other than ours (a local load-balancer peer's list).</summary>
    public static RemoteAs AnyOf(ValueList<uint> asns) => new(RemoteAsKind.AnyOf, 0, asns);

    /// <summary>Whether the session is iBGP, given our own AS.</summary>
    public bool IsInternal(uint localAs) => Kind == RemoteAsKind.Internal || (Kind == RemoteAsKind.Number && Number == localAs);

    /// <summary>Whether the AS a peer put in its OPEN is the one configured.</summary>
    public bool Accepts(uint peerAs, uint localAs) => Kind switch
    {
        RemoteAsKind.Number => peerAs == Number,
        RemoteAsKind.Internal => peerAs == localAs,
        RemoteAsKind.AnyOf => Numbers.Contains(peerAs),
        _ => peerAs != localAs,
    };

    public override string ToString() => Kind switch
    {
        RemoteAsKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        RemoteAsKind.Internal => "internal",
        RemoteAsKind.AnyOf => string.Join(",", Numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        _ => "external",
    };
}

public enum RemoteAsKind
{
    Number,
    External,
    Internal,
    AnyOf,
}
