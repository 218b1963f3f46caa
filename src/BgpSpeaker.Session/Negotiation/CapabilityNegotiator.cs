using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Session.Negotiation;

/// <summary>
/// Combines our OPEN and the peer's into a <see cref="NegotiatedSession"/> (RFC 5492 §3: a capability
/// is in use only when both sides advertised it). Pure; the OPENs were validated before.
/// </summary>
public static class CapabilityNegotiator
{
    /// <param name="keepalive">The configured keepalive interval; null for a third of the hold time.</param>
    public static NegotiatedSession Negotiate(OpenMessage local, OpenMessage remote, bool externalPeer, TimeSpan? keepalive = null)
    {
        var hold = HoldTime.Min(HoldTime.FromSeconds(local.HoldTimeSeconds), HoldTime.FromSeconds(remote.HoldTimeSeconds)); // both validated
        bool routeRefresh = Has<RouteRefreshCapability>(local) && Has<RouteRefreshCapability>(remote);
        var fqdn = remote.Find<FqdnCapability>();
        return new NegotiatedSession
        {
            Codec = new CodecContext
            {
                FourOctetAs = Has<FourOctetAsCapability>(local) && Has<FourOctetAsCapability>(remote),
                MaxMessageSize = Has<ExtendedMessageCapability>(local) && Has<ExtendedMessageCapability>(remote)
                    ? CodecContext.ExtendedMaxMessageSize
                    : CodecContext.StandardMaxMessageSize,
                Families = Intersect(Families(local), Families(remote)),
                ExtendedNextHop = ExtendedNextHop(local, remote),
                AddPathReceive = AddPath(local, AddPathDirection.Receive, remote, AddPathDirection.Send),
                AddPathSend = AddPath(local, AddPathDirection.Send, remote, AddPathDirection.Receive),
                ExternalPeer = externalPeer,
            },
            HoldTime = hold,
            KeepaliveInterval = KeepaliveInterval(hold, keepalive),
            RemoteAs = remote.AsNumber,
            RemoteRouterId = remote.BgpIdentifier,
            RemoteHostName = fqdn?.HostName,
            RemoteDomainName = fqdn?.DomainName,
            RouteRefresh = routeRefresh,
            EnhancedRouteRefresh = routeRefresh && Has<EnhancedRouteRefreshCapability>(local) && Has<EnhancedRouteRefreshCapability>(remote),
            PeerGracefulRestart = remote.Find<GracefulRestartCapability>(),
            LocalOpen = local,
            RemoteOpen = remote,
        };
    }

    /// <summary>
    /// RFC 4271 §10: at most a third of the hold time, in whole seconds (hold is 0 or >= 3, so this is >= 1 s).
    /// A configured interval is honoured only when shorter, so a peer's smaller hold time is never outlived.
    /// </summary>
    public static TimeSpan KeepaliveInterval(HoldTime hold, TimeSpan? configured)
    {
        if (hold.IsZero)
        {
            return TimeSpan.Zero;
        }
        var third = TimeSpan.FromSeconds(hold.Seconds / 3);
        return configured is { } value && value < third ? value : third;
    }

    private static bool Has<T>(OpenMessage open) where T : Capability => open.Find<T>() is not null;

    /// <summary>RFC 4760 §8 spirit: a speaker that advertises no multiprotocol capability speaks IPv4 unicast only.</summary>
    private static HashSet<AfiSafi> Families(OpenMessage open)
    {
        var families = open.Capabilities.OfType<MultiprotocolCapability>().Select(c => c.Family).ToHashSet();
        return families.Count == 0 ? [AfiSafi.Ipv4Unicast] : families;
    }

    private static HashSet<AfiSafi> Intersect(HashSet<AfiSafi> a, HashSet<AfiSafi> b)
    {
        a.IntersectWith(b);
        return a;
    }

    /// <summary>RFC 8950: families both sides listed with an IPv6 next hop.</summary>
    private static HashSet<AfiSafi> ExtendedNextHop(OpenMessage local, OpenMessage remote)
    {
        static HashSet<AfiSafi> V6NextHop(OpenMessage open) =>
            open.Capabilities.OfType<ExtendedNextHopCapability>().SelectMany(c => c.Entries)
                .Where(e => e.NextHopAfi == Afi.Ipv6).Select(e => e.Family).ToHashSet();

        return Intersect(V6NextHop(local), V6NextHop(remote));
    }

    /// <summary>RFC 7911 §4: families where we advertised <paramref name="ours"/> and the peer <paramref name="theirs"/>.</summary>
    private static HashSet<AfiSafi> AddPath(OpenMessage local, AddPathDirection ours, OpenMessage remote, AddPathDirection theirs)
    {
        static HashSet<AfiSafi> With(OpenMessage open, AddPathDirection direction) =>
            open.Capabilities.OfType<AddPathCapability>().SelectMany(c => c.Entries)
                .Where(e => (e.Direction & direction) != 0).Select(e => e.Family).ToHashSet();

        return Intersect(With(local, ours), With(remote, theirs));
    }
}
