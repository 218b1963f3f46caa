using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Session.Fsm;

/// <summary>What we advertise in our OPEN; <see cref="Negotiation.LocalCapabilities.Build"/> turns it into capabilities.</summary>
public sealed record CapabilitySettings
{
    /// <summary>Multiprotocol families (RFC 4760); both unicast families ride one unnumbered session.</summary>
    public IReadOnlyList<AfiSafi> Families { get; init; } = [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast];

    public bool RouteRefresh { get; init; } = true;

    /// <summary>RFC 7313; advertised only together with <see cref="RouteRefresh"/>.</summary>
    public bool EnhancedRouteRefresh { get; init; } = true;

    public bool ExtendedMessage { get; init; } = true;

    /// <summary>RFC 8950 for IPv4 unicast with IPv6 next hops; on for interface (unnumbered) peers.</summary>
    public bool ExtendedNextHop { get; init; }

    /// <summary>Hostname capability (FRR shows it in "show bgp neighbors"); not sent when null.</summary>
    public string? HostName { get; init; }

    public string DomainName { get; init; } = "";

    /// <summary>RFC 7911 ADD-PATH directions per family; none by default.</summary>
    public IReadOnlyList<AddPathEntry> AddPath { get; init; } = [];

    /// <summary>Sent as given after the others (e.g. graceful restart, role).</summary>
    public IReadOnlyList<Capability> Additional { get; init; } = [];
}
