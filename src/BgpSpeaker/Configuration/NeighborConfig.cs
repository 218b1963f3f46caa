using System.Net;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration;

/// <summary>One configured BGP peer with its effective settings (global defaults already applied).</summary>
public sealed record NeighborConfig
{
    /// <summary>
    /// The peer's address, without scope. Nullable because interface-only (unnumbered) peers will learn
    /// it at run time; the loader does not accept those yet, so today it is always set.
    /// </summary>
    public IPAddress? Address { get; init; }

    /// <summary>The link the peer is on; always set for a link-local <see cref="Address"/>.</summary>
    public string? Interface { get; init; }

    /// <summary>Identifies the neighbor across reloads: "10.255.0.1", "fe80::1%eth0", later "eth0".</summary>
    public string Key => (Address, Interface) switch
    {
        ({ IsIPv6LinkLocal: true } a, { } i) => $"{a}%{i}",
        ({ } a, _) => a.ToString(),
        (null, { } i) => i,
        _ => "",
    };

    public required RemoteAs RemoteAs { get; init; }

    public string? Description { get; init; }

    /// <summary>Wait for the peer to connect; never connect out.</summary>
    public bool Passive { get; init; }

    public required TimerConfig Timers { get; init; }

    /// <summary>TCP-MD5 key (RFC 2385), at most 80 bytes of UTF-8.</summary>
    public Secret? Password { get; init; }

    /// <summary>GTSM (RFC 5082): send with TTL 255 and accept only TTL 255 (directly connected peer).</summary>
    public bool TtlSecurity { get; init; }

    /// <summary>Address families negotiated with this peer, in configured order.</summary>
    public required ValueList<AfiSafi> Families { get; init; }

    /// <summary>RFC 8950: IPv4 routes with IPv6 next hops.</summary>
    public bool ExtendedNextHop { get; init; }

    public MaxPrefixConfig? MaxPrefixes { get; init; }

    /// <summary>RFC 4271 DelayOpen; zero disables it.</summary>
    public TimeSpan DelayOpen { get; init; }

    /// <summary>Administratively down: no connection in or out.</summary>
    public bool Shutdown { get; init; }

    /// <summary>RFC 9003 text sent in the Cease NOTIFICATION when shut down (at most 255 bytes).</summary>
    public string? ShutdownMessage { get; init; }

    /// <summary>
    /// The policy applied to routes from this peer. The loader fills in RFC 8212 defaults: reject for an
    /// eBGP peer configured without one, accept for an iBGP peer.
    /// </summary>
    public PolicyReference Import { get; init; } = PolicyReference.Accept;

    /// <summary>The policy applied to routes sent to this peer; same defaults as <see cref="Import"/>.</summary>
    public PolicyReference Export { get; init; } = PolicyReference.Accept;

    /// <summary>A local load-balancer speaker: policies see its routes as source <c>redistributed</c>.</summary>
    public bool Redistribute { get; init; }

    /// <summary>Routes whose AS path holds our AS up to this many times are not loops (0: none are accepted).</summary>
    public int AllowAsIn { get; init; }

    /// <summary>Next hops we announce to this peer instead of our address on the session; null: next hop self.</summary>
    public NextHopConfig? NextHop { get; init; }
}

/// <summary>
/// Explicit next hops per family: needed when the session's own address cannot serve, e.g. IPv6 routes
/// over an IPv4 session on a link whose interface has no global IPv6 address.
/// </summary>
public sealed record NextHopConfig
{
    public IPAddress? Ipv4 { get; init; }

    /// <summary>A global IPv6 address (link-local next hops are learned from the session's interface).</summary>
    public IPAddress? Ipv6 { get; init; }
}

/// <summary>RFC 4486 maximum-prefix limit on routes received from a peer.</summary>
public sealed record MaxPrefixConfig
{
    public required uint Limit { get; init; }

    /// <summary>Log a warning when this percentage of <see cref="Limit"/> is reached.</summary>
    public int WarningPercent { get; init; } = 75;

    /// <summary>Re-enable the session after this delay; null keeps it down until reset by hand.</summary>
    public TimeSpan? RestartAfter { get; init; }

    /// <summary>The prefix count at which the warning fires.</summary>
    public uint WarningThreshold => (uint)((ulong)Limit * (uint)WarningPercent / 100);
}

/// <summary>
/// A neighbor's import or export: the name of a preset (accept, reject, local-routes, host-routes,
/// default-route) or of a policy under <c>policies</c>. Resolve it with
/// <see cref="SpeakerConfig.CompilePolicies"/>: <c>library.Get(reference.Name)</c>.
/// </summary>
public sealed record PolicyReference(string Name)
{
    public static PolicyReference Accept { get; } = new(PolicyPresets.Accept);

    public static PolicyReference Reject { get; } = new(PolicyPresets.Reject);

    /// <summary>The <c>accept</c> preset: every route passes unchanged.</summary>
    public bool IsAcceptAll => Name == PolicyPresets.Accept;

    /// <summary>The <c>reject</c> preset: no route passes.</summary>
    public bool IsRejectAll => Name == PolicyPresets.Reject;

    public override string ToString() => Name;
}

/// <summary>A secret that does not print itself: records put every member in ToString and logs.</summary>
public sealed record Secret(string Value)
{
    public override string ToString() => "(secret)";
}
