using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Session.Negotiation;

/// <summary>What both OPENs agreed on: the codec context for every later message, timers and peer facts.</summary>
public sealed record NegotiatedSession
{
    public required CodecContext Codec { get; init; }

    /// <summary>min(local, remote) (RFC 4271 §4.2); zero means neither KEEPALIVEs nor a hold timer.</summary>
    public required HoldTime HoldTime { get; init; }

    /// <summary>Zero when the hold time is 0.</summary>
    public required TimeSpan KeepaliveInterval { get; init; }

    /// <summary>The peer's AS, from its 4-octet AS capability when present (RFC 6793).</summary>
    public required uint RemoteAs { get; init; }

    public required uint RemoteRouterId { get; init; }

    /// <summary>From the peer's hostname capability, when sent.</summary>
    public string? RemoteHostName { get; init; }

    public string? RemoteDomainName { get; init; }

    /// <summary>Both sides advertised route refresh (RFC 2918, or the pre-standard code 128).</summary>
    public bool RouteRefresh { get; init; }

    /// <summary>Both sides advertised enhanced route refresh (RFC 7313) and route refresh.</summary>
    public bool EnhancedRouteRefresh { get; init; }

    /// <summary>The peer's graceful restart capability (RFC 4724) as it advertised it.</summary>
    public GracefulRestartCapability? PeerGracefulRestart { get; init; }

    public required OpenMessage LocalOpen { get; init; }

    public required OpenMessage RemoteOpen { get; init; }

    public IReadOnlySet<AfiSafi> Families => Codec.Families ?? new HashSet<AfiSafi>();
}
