using BgpSpeaker.Configuration.Reading;

namespace BgpSpeaker.Configuration.Schema;

internal static partial class ConfigSchema
{
    /// <summary>The settings every session has, whoever the peer is: a neighbor, a fabric leaf, a local peer.</summary>
    public static class Session
    {
        public static readonly ConfigKey RemoteAs = Key.Of("remoteAs", "AS number, external or internal", "required",
            "The AS the peer must announce: a number, any AS but ours (external), or ours (internal).");

        public static readonly ConfigKey Password = Key.Of("password", "text, 1..80 bytes", "", "TCP-MD5 key (RFC 2385).");

        public static readonly ValueKey<bool> TtlSecurity = Key.Bool("ttlSecurity", false, "GTSM (RFC 5082): TTL 255 out, only TTL 255 accepted.");

        public static readonly ConfigKey Families = Key.Of("families", "list: ipv4-unicast, ipv6-unicast", "ipv4-unicast (IPv6 sessions: both)",
            "Address families negotiated.");

        public static readonly ValueKey<bool> ExtendedNextHop = new("extendedNextHop", "true or false", "true on IPv6 sessions",
            "RFC 8950: IPv4 routes with IPv6 next hops.", ScalarParser.Bool);

        public static readonly ConfigKey MaxPrefixes = Key.Holding("maxPrefixes", "mapping", PrefixLimit.Section, "no limit",
            "RFC 4486 maximum-prefix: the session closes above the limit.");

        public static readonly ValueKey<TimeSpan> DelayOpen = Key.Seconds("delayOpen", 0, 240, "0 (off)", "RFC 4271 DelayOpen: wait this long for the peer's OPEN.");

        public static readonly ValueKey<bool> Shutdown = Key.Bool("shutdown", false, "Administratively down: Cease sent, no connection in or out.");

        public static readonly ConfigKey ShutdownMessage = Key.Of("shutdownMessage", "text, at most 255 bytes", "", "RFC 9003 text in the Cease NOTIFICATION.");

        public static readonly ConfigKey Import = Key.Of("import", "preset or policy name", "eBGP: reject (RFC 8212, warned); iBGP: accept",
            "What we accept from the peer: accept, reject, local-routes, host-routes, default-route, or a policy.");

        public static readonly ConfigKey Export = Key.Of("export", "preset or policy name", "eBGP: reject (RFC 8212, warned); iBGP: accept",
            "What we send to the peer.");

        public static readonly ValueKey<bool> Redistribute = Key.Bool("redistribute", false,
            "A local load-balancer speaker: its routes are source \"redistributed\" for policies (local-routes sends them).");

        public static readonly ValueKey<ulong> AllowAsIn = Key.Number("allowAsIn", 0, 10, "0", "Routes with our AS up to this many times in the path are not loops.");
    }

    /// <summary>maxPrefixes, under a neighbor, the fabric or a local peer.</summary>
    public static class PrefixLimit
    {
        public static readonly ValueKey<ulong> Limit = Key.Number("limit", 1, uint.MaxValue, "required", "Prefixes held above which the session closes (Cease 6/1).");

        public static readonly ValueKey<ulong> WarningPercent = Key.Number("warningPercent", 1, 100, "75", "Log a warning at this share of the limit.");

        public static readonly ValueKey<TimeSpan> RestartAfter = Key.Seconds("restartAfter", 0, ushort.MaxValue, "0 (stay down until cleared)",
            "Start the session again this long after the limit closed it.");

        public static readonly ConfigSection Section = new("maxPrefixes", "maxPrefixes",
            "The RFC 4486 limit (also under fabric and localPeers).", [Limit, WarningPercent, RestartAfter]);
    }

    public static class Neighbor
    {
        public static readonly ValueKey<bool> Passive = Key.Bool("passive", false, "Wait for the peer to connect; never connect out.");

        public static readonly ConfigSection NextHopSection = new("neighbors[].nextHop", "nextHop",
            "Next hops to announce where our session address cannot serve (IPv6 routes over an IPv4 session).",
        [
            Key.Of("ipv4", "IPv4 address", "our session address", "IPv4 next hop."),
            Key.Of("ipv6", "global IPv6 address", "our session address, or the interface's", "IPv6 next hop (link-local ones come from the interface)."),
        ], "nextHop.");

        public static readonly ConfigSection Section = new("neighbors[]", "neighbor", "A numbered BGP peer.",
        [
            Key.Of("address", "IP address (fe80::1%eth0 for link-local)", "required", "The peer's address."),
            Key.Of("interface", "interface name", "", "The link of a link-local address (the same as %eth0)."),
            Session.RemoteAs,
            Key.Of("description", "text", "the address", "Names the neighbor in show, logs and metrics."),
            Passive,
            .. Timers.Keys,
            Session.Password, Session.TtlSecurity, Session.Families, Session.ExtendedNextHop, Session.MaxPrefixes, Session.DelayOpen, Session.Shutdown,
            Session.ShutdownMessage, Session.Import, Session.Export, Session.Redistribute, Session.AllowAsIn,
            Key.Holding("nextHop", "mapping", NextHopSection, "next hop self", "Explicit next hops per family."),
        ]);
    }

    public static class Fabric
    {
        public static readonly ValueKey<TimeSpan> Interval = Key.Seconds("interval", 1, 1800, "10", "Seconds between unsolicited Router Advertisements.");

        public static readonly ValueKey<TimeSpan> Lifetime = Key.Seconds("lifetime", 0, 9000, "0",
            "Router lifetime in our RAs; 0: a router, not a default router (leaves add no default route to us).");

        public static readonly ConfigSection RouterAdvertisementsSection = new("fabric.routerAdvertisements", "routerAdvertisements",
            "Our Router Advertisements on fabric interfaces: how the leaves learn our link-local address.", [Interval, Lifetime], "routerAdvertisements.");

        public static readonly ConfigSection Section = new("fabric", "fabric",
            "Unnumbered peering: one session per matching interface, with the leaf's link-local address learned from its Router Advertisements; " +
            "IPv6 sessions, so both families and RFC 8950 are on unless stated.",
        [
            Key.Of("interfaces", "list of names or patterns (*, ?)", "required", "The fabric interfaces, e.g. [\"eth1\", \"eth2\"] or [\"enp*s0f*\"]."),
            Session.RemoteAs,
            .. Timers.Keys,
            Session.Password, Session.TtlSecurity, Session.Families, Session.ExtendedNextHop, Session.MaxPrefixes, Session.DelayOpen, Session.Shutdown,
            Session.ShutdownMessage, Session.Import, Session.Export, Session.AllowAsIn,
            Key.Of("nextHopForm", "link-local-twice \\| unspecified-and-link-local \\| link-local-only", "link-local-twice",
                "How we send a link-local next hop: [LL, LL] (what FRR sends), [::, LL], or 16 octets."),
            Key.Holding("routerAdvertisements", "mapping", RouterAdvertisementsSection, "every 10 s, lifetime 0", "Our Router Advertisements."),
        ]);
    }

    public static class LocalPeer
    {
        public static readonly ValueKey<ulong> MaxPeers = Key.Number("maxPeers", 1, 1024, "4", "Sessions at once; a further connection is refused and counted.");

        public static readonly ConfigSection Section = new("localPeers[]", "local peer",
            "A load-balancer speaker on this node (MetalLB, Cilium): any address in ranges (or arriving on interface) gets a passive session, " +
            "named NAME-1, NAME-2, ...; routes are redistributed to the fabric.",
        [
            Key.Of("name", "letters, digits, - and _ (1..32)", "required", "Names the entry and its sessions."),
            Key.Of("ranges", "list of prefixes", "required unless interface", "Source addresses that may connect."),
            Key.Of("interface", "interface name", "", "Connections must arrive on this interface (the veth)."),
            Key.Of("remoteAs", "AS number, list of AS numbers, or any", "required", "The speaker's AS; any: any AS but ours."),
            MaxPeers,
            Key.Of("pools", "list of prefixes", "required", "The addresses it hands out: only /32 and /128 inside them are accepted."),
            .. Timers.Keys,
            Session.TtlSecurity, Session.Families, Session.ExtendedNextHop,
            Key.Holding("maxPrefixes", "mapping", PrefixLimit.Section, "limit 10000, restartAfter 30", "RFC 4486 maximum-prefix."),
            Session.DelayOpen,
            Key.Of("import", "policy name", "the pools check alone", "A policy under policies, run after the pools check."),
            Key.Of("export", "preset or policy name", "reject", "What we send to the speaker."),
        ]);
    }
}
