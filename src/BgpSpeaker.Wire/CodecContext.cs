using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire;

/// <summary>
/// What the two speakers negotiated in their OPENs, passed to every encode and decode call so no
/// codec decision depends on global state. <see cref="Initial"/> is the context before OPEN.
/// </summary>
public sealed record CodecContext
{
    /// <summary>The limit of RFC 4271; also the limit for OPEN and KEEPALIVE under RFC 8654.</summary>
    public const int StandardMaxMessageSize = 4096;

    /// <summary>The limit once extended messages (RFC 8654) are negotiated.</summary>
    public const int ExtendedMaxMessageSize = 65535;

    // Declared before Initial: static fields initialise in text order, and Initial's sets need it.
    private static readonly IReadOnlySet<AfiSafi> EmptySet = new HashSet<AfiSafi>();

    public static readonly CodecContext Initial = new();

    /// <summary>Both sides sent the 4-octet AS capability (RFC 6793): AS_PATH carries 4-byte ASNs.</summary>
    public bool FourOctetAs { get; init; }

    /// <summary>Largest message either side may send: 4096, or 65535 with RFC 8654.</summary>
    public int MaxMessageSize { get; init; } = StandardMaxMessageSize;

    /// <summary>Families whose NLRI the peer sends with a path identifier (RFC 7911).</summary>
    public IReadOnlySet<AfiSafi> AddPathReceive { get; init; } = EmptySet;

    /// <summary>Families whose NLRI we send with a path identifier (RFC 7911).</summary>
    public IReadOnlySet<AfiSafi> AddPathSend { get; init; } = EmptySet;

    /// <summary>Families that may carry an IPv6 next hop for IPv4 NLRI (RFC 8950).</summary>
    public IReadOnlySet<AfiSafi> ExtendedNextHop { get; init; } = EmptySet;

    /// <summary>Families negotiated on the session; null before OPEN, when everything known is accepted.</summary>
    public IReadOnlySet<AfiSafi>? Families { get; init; }

    /// <summary>The peer is in another AS: LOCAL_PREF from it is ignored (RFC 7606 §7.5).</summary>
    public bool ExternalPeer { get; init; } = true;

    public bool ReceivesPathId(AfiSafi family) => AddPathReceive.Contains(family);

    public bool SendsPathId(AfiSafi family) => AddPathSend.Contains(family);

    public bool IsNegotiated(AfiSafi family) => Families?.Contains(family) ?? family.IsKnown;

}
