namespace BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

/// <summary>Where Router Discovery stands on one interface, most pressing first.</summary>
public enum DiscoveryState
{
    /// <summary>The link is down (or not reported up yet): nothing is sent, no peer is known.</summary>
    LinkDown,

    /// <summary>The link is up but has no IPv6 link-local address to send from.</summary>
    NoAddress,

    /// <summary>Our link-local is still in duplicate address detection: we wait and send nothing.</summary>
    AddressTentative,

    /// <summary>Sending RAs and RSs; no router heard yet.</summary>
    Discovering,

    /// <summary>No router heard for the stale time since we started sending.</summary>
    NoRouterAdvertisement,

    /// <summary>One router known and heard from recently.</summary>
    PeerKnown,

    /// <summary>The known router has been silent for the stale time; it is kept.</summary>
    PeerStale,

    /// <summary>More than one router answers; the first is kept.</summary>
    SeveralRouters,
}

/// <summary>What to send after an input or a tick, and what to tell the daemon.</summary>
public readonly record struct DiscoveryStep(bool SendSolicitation, bool SendAdvertisement, IReadOnlyList<RouterDiscoveryEvent> Events)
{
    public static DiscoveryStep Nothing => new(false, false, []);
}
