using System.Net;
using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Configuration;

/// <summary>
/// The whole daemon configuration, validated and with every default resolved: consumers never
/// re-apply inheritance rules. Properties rather than positional parameters so it can grow.
/// </summary>
public sealed partial record SpeakerConfig
{
    /// <summary>Our AS number (4-octet; never 0 or AS_TRANS).</summary>
    public required uint Asn { get; init; }

    /// <summary>BGP identifier (RFC 6286), an IPv4 address other than 0.0.0.0.</summary>
    public required IPAddress RouterId { get; init; }

    /// <summary>Sent in the FQDN/hostname capability; null sends none.</summary>
    public string? Hostname { get; init; }

    public ListenConfig Listen { get; init; } = ListenConfig.Default;

    /// <summary>The global timer defaults; each neighbor carries its own effective copy.</summary>
    public TimerConfig Timers { get; init; } = TimerConfig.Default;

    /// <summary>ECMP: how many equal paths a prefix may use, and whether paths through different neighbouring ASes may be equal.</summary>
    public MultipathOptions Multipath { get; init; } = MultipathOptions.Default;

    public ValueList<NeighborConfig> Neighbors { get; init; } = [];

    /// <summary>Unnumbered peering on fabric interfaces; null when not configured.</summary>
    public FabricConfig? Fabric { get; init; }

    /// <summary>Local load-balancer speakers: dynamic neighbors by source range or interface.</summary>
    public ValueList<LocalPeerConfig> LocalPeers { get; init; } = [];

    /// <summary>Installing learned routes in the kernel.</summary>
    public FibConfig Fib { get; init; } = FibConfig.Default;

    /// <summary>
    /// Learned routes go into the kernel: with a fabric (the node's job) unless <c>fib.install</c> is
    /// false, and without one only when a <c>fib</c> section asks for it.
    /// </summary>
    public bool InstallsRoutes => Fib.Install && (Fabric is not null || Fib.Configured);

    /// <summary>Prometheus metrics and health probes over HTTP; null when not configured.</summary>
    public MetricsConfig? Metrics { get; init; }

    /// <summary>Prefixes we originate.</summary>
    public ValueList<NetworkConfig> Networks { get; init; } = [];

    /// <summary>Named prefix lists, in file order.</summary>
    public ValueList<PrefixList> PrefixLists { get; init; } = [];

    /// <summary>Named policies, in file order; every prefix list they name exists.</summary>
    public ValueList<PolicyDefinition> Policies { get; init; } = [];

    /// <summary>
    /// The presets and the named policies, compiled on first use; every neighbor's
    /// <see cref="NeighborConfig.Import"/> and <see cref="NeighborConfig.Export"/> resolves in it.
    /// </summary>
    public PolicyLibrary CompilePolicies() => new(PrefixLists, Policies, Asn);
}

/// <summary>Where we accept BGP connections.</summary>
public sealed record ListenConfig
{
    public static ListenConfig Default { get; } = new();

    public int Port { get; init; } = 179;

    /// <summary>Local addresses to listen on; empty accepts no connections (every neighbor connects out).</summary>
    public ValueList<IPAddress> Addresses { get; init; } = [IPAddress.Any, IPAddress.IPv6Any];
}

/// <summary>Session timers (RFC 4271 §10). A hold time of zero means no hold timer and no KEEPALIVEs.</summary>
public sealed record TimerConfig
{
    public static TimerConfig Default { get; } = new();

    public HoldTime HoldTime { get; init; } = HoldTime.FromSeconds(90);

    /// <summary>Zero exactly when <see cref="HoldTime"/> is zero; otherwise less than it.</summary>
    public TimeSpan Keepalive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Short by default: fabric links come back in seconds, and a refused SYN costs nothing.</summary>
    public TimeSpan ConnectRetry { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a session stays Idle (refusing the peer) after errors: <c>idleHold: { initial, max }</c>.</summary>
    public IdleHoldConfig IdleHold { get; init; } = IdleHoldConfig.Default;
}

/// <summary>
/// The idle hold after a session error (RFC 4271 §8.1.1 DampPeerOscillations; BIRD's <c>error wait
/// time</c>): <see cref="Initial"/> after the first failure, doubling per consecutive failure up to
/// <see cref="Max"/>. The count starts again after 60 s Established, or at once when the peer ends an
/// Established session with an administrative Cease (RFC 4486 subcodes 2, 3, 4, 6).
/// </summary>
public sealed record IdleHoldConfig
{
    public static IdleHoldConfig Default { get; } = new();

    /// <summary>Neither value may exceed this (an hour): a peer to keep down for longer wants <c>shutdown</c>.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromHours(1);

    /// <summary>1..<see cref="Limit"/>, at most <see cref="Max"/>.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>1..<see cref="Limit"/>, at least <see cref="Initial"/>.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(60);
}
