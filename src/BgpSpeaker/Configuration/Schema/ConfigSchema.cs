using BgpSpeaker.Configuration.Reading;

namespace BgpSpeaker.Configuration.Schema;

/// <summary>
/// The configuration file, described once: every mapping and every key it may hold, with its type,
/// default and meaning. The readers open each mapping with its section (unknown keys and "did you
/// mean" come from here), typed keys parse themselves, and <see cref="ConfigReference"/> renders the
/// reference in the README from the same description.
/// </summary>
internal static partial class ConfigSchema
{
    /// <summary>Every section, in the order the reference lists them.</summary>
    public static IReadOnlyList<ConfigSection> All =>
    [
        Root.Section, Listen.Section, Timers.Section, Timers.IdleHoldSection, Multipath.Section, Fib.Section, Metrics.Section,
        Neighbor.Section, Neighbor.NextHopSection, PrefixLimit.Section, Fabric.Section, Fabric.RouterAdvertisementsSection,
        LocalPeer.Section, Network.Section, Health.Section, Health.HttpSection, Health.FileSection, Health.OnFailureSection,
        PrefixLists.EntrySection, Policy.Section, Policy.TermSection, Policy.MatchSection, Policy.SetSection, Policy.CommunitiesSection,
        Policy.LargeCommunitiesSection, Policy.PrependSection,
    ];

    public static class Root
    {
        public static readonly ConfigSection Section = new("", "the configuration", "The top level of the file.",
        [
            Key.Of("asn", "AS number (asplain or asdot)", "required", "Our AS; or set BGPSPEAKER_ASN."),
            Key.Of("routerId", "IPv4 address", "required", "BGP identifier (RFC 6286), not 0.0.0.0; or set BGPSPEAKER_ROUTERID."),
            Key.Of("hostname", "text, 1..255 characters", "", "Sent in the hostname capability (FRR shows it); or set BGPSPEAKER_HOSTNAME."),
            Key.Holding("listen", "mapping", Listen.Section, "every address, port 179", "Where BGP connections are accepted."),
            Key.Holding("timers", "mapping", Timers.Section, "hold 90, keepalive 30", "Timer defaults for every session."),
            Key.Holding("multipath", "mapping", Multipath.Section, "16 paths, AS path relax", "ECMP."),
            Key.Holding("fabric", "mapping", Fabric.Section, "", "Unnumbered peering with the leaves, one session per interface."),
            Key.Holding("localPeers", "list of mappings", LocalPeer.Section, "", "Local load-balancer speakers (dynamic neighbors)."),
            Key.Holding("fib", "mapping", Fib.Section, "install with a fabric", "The kernel routes."),
            Key.Holding("metrics", "mapping", Metrics.Section, "off", "The Prometheus endpoint and probes."),
            Key.Holding("neighbors", "list of mappings", Neighbor.Section, "", "Numbered BGP peers."),
            Key.Holding("networks", "list of mappings", Network.Section, "", "Prefixes we originate; BGPSPEAKER_NETWORKS adds more."),
            Key.Holding("prefixLists", "mapping of names to lists", PrefixLists.EntrySection, "", "Named prefix lists for policies."),
            Key.Holding("policies", "mapping of names to policies", Policy.Section, "", "Named import and export policies."),
        ]);
    }

    public static class Listen
    {
        public static readonly ValueKey<ulong> Port = Key.Number("port", 1, ushort.MaxValue, "179", "TCP port; or set BGPSPEAKER_LISTEN_PORT.");

        public static readonly ConfigSection Section = new("listen", "listen", "Where BGP connections are accepted.",
        [
            Port,
            Key.Of("addresses", "list of addresses", "[0.0.0.0, \"::\"]", "Local addresses to listen on; empty: accept nothing (every neighbor connects out)."),
        ]);
    }

    public static class Timers
    {
        public static readonly ValueKey<Wire.Messages.HoldTime> HoldTime = new("holdTime", "seconds: 0 or 3..65535", "90", "RFC 4271 hold time; 0: no hold timer and no KEEPALIVEs.",
            ScalarParser.HoldTime);

        public static readonly ValueKey<TimeSpan> Keepalive = Key.Seconds("keepalive", 0, ushort.MaxValue, "holdTime / 3",
            "Seconds between KEEPALIVEs, less than the hold time.");

        public static readonly ValueKey<TimeSpan> ConnectRetry = Key.Seconds("connectRetry", 1, ushort.MaxValue, "5", "Seconds between connection attempts.");

        public static readonly ValueKey<TimeSpan> Initial = Key.Seconds("initial", 1, 3600, "1", "Idle after the first failure.");

        public static readonly ValueKey<TimeSpan> Max = Key.Seconds("max", 1, 3600, "60", "The longest idle hold (the doubling stops here).");

        public static readonly ConfigSection IdleHoldSection = new("timers.idleHold", "idleHold",
            "How long a session stays Idle, refusing its peer, after an error: doubling per failure in a row.", [Initial, Max], "idleHold.");

        /// <summary>The timer keys; a neighbor, the fabric and a local peer take them too (a level that sets holdTime alone gets holdTime/3 as keepalive).</summary>
        public static readonly IReadOnlyList<ConfigKey> Keys =
        [
            HoldTime, Keepalive, ConnectRetry,
            Key.Holding("idleHold", "mapping", IdleHoldSection, "initial 1, max 60", "The back-off after session errors."),
        ];

        public static readonly ConfigSection Section = new("timers", "timers", "Session timers for every peer; each peer may set its own.", Keys);
    }

    public static class Multipath
    {
        public static readonly ValueKey<ulong> MaximumPaths = Key.Number("maximumPaths", 1, 64, "16", "Equal-cost paths a prefix may use.");

        public static readonly ValueKey<bool> AsPathRelax = Key.Bool("asPathRelax", true,
            "Paths through different neighbouring ASes may be equal (the leaves have different ASes).");

        public static readonly ConfigSection Section = new("multipath", "multipath", "ECMP.", [MaximumPaths, AsPathRelax]);
    }

    public static class Fib
    {
        public static readonly ValueKey<bool> Install = Key.Bool("install", true, "Install learned routes in the kernel.");

        public static readonly ConfigSection Section = new("fib", "fib",
            "The kernel FIB. Routes are installed with a fabric unless install is false; without one, when this section is present.",
        [
            Install,
            Key.Of("table", "main or a table number (not 253, 255)", "main", "The kernel routing table."),
            Key.Of("preferredSource", "IPv4 address", "", "Source address of routes (the node IP): traffic from the node leaves with it."),
        ], "fib.");
    }

    public static class Metrics
    {
        public static readonly ConfigSection Section = new("metrics", "metrics", "The HTTP endpoint: /metrics, /healthz, /readyz. Off without this section.",
        [
            Key.Of("listen", "ADDRESS:PORT or a port", "127.0.0.1:9179", "Where to listen; \"[::]:9179\" for every address."),
        ], "metrics.");
    }
}
