using BgpSpeaker.Routing.Rib;

namespace BgpSpeaker.Routing.Decision;

/// <summary>One path to a prefix offered to the decision process.</summary>
public readonly record struct Candidate(PeerInfo Peer, RouteAttributes Route)
{
    public const uint DefaultLocalPref = 100;

    public uint LocalPref => Route.Attributes.LocalPref ?? DefaultLocalPref;

    /// <summary>RFC 4271 §9.1.2.2 c: a missing MED counts as the lowest value, 0.</summary>
    public uint Med => Route.Attributes.MultiExitDisc ?? 0;

    public uint RouterIdForTieBreak => Route.Attributes.OriginatorId ?? Peer.RouterId;
}

/// <summary>Multipath (ECMP) settings, as fabrics configure them.</summary>
public sealed record MultipathOptions
{
    public static readonly MultipathOptions Default = new();

    /// <summary>Most paths installed for one prefix; 1 turns multipath off.</summary>
    public int MaximumPaths { get; init; } = 16;

    /// <summary>
    /// Like FRR's "bgp bestpath as-path multipath-relax": paths through different neighbouring ASes
    /// (two leaves, each its own AS) share a prefix when their AS paths are equally long.
    /// </summary>
    public bool AsPathRelax { get; init; } = true;
}
