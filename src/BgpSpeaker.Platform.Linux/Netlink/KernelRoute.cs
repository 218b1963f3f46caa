namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// One next hop as the kernel sees it. <see cref="GatewayFamily"/> is 0 when there is no gateway
/// (a device route); when it differs from the route's family the gateway travels as RTA_VIA
/// (an IPv4 route via an IPv6 link-local: RFC 8950).
/// </summary>
/// <param name="Flags">RTNH_F_* (dead, onlink, linkdown…): reported by the kernel, ignored when comparing.</param>
/// <param name="Weight">ECMP weight, 1..256 (rtnh_hops + 1).</param>
public readonly record struct KernelNextHop(byte GatewayFamily, UInt128 Gateway, int InterfaceIndex, byte Flags = 0, int Weight = 1)
{
    public const byte FlagDead = 1;
    public const byte FlagOnlink = 4;
    public const byte FlagLinkDown = 16;

    /// <summary>Same gateway and interface, whatever the kernel's state flags say.</summary>
    public bool SameDestination(KernelNextHop other) =>
        GatewayFamily == other.GatewayFamily && Gateway == other.Gateway && InterfaceIndex == other.InterfaceIndex;
}

/// <summary>
/// A route in rtnetlink terms: the rtmsg header fields and the attributes we use. Mutable and
/// reusable, so decoding a million-route dump does not allocate a route object per message.
/// </summary>
public sealed class KernelRoute
{
    public const byte ScopeUniverse = 0;
    public const byte ScopeLink = 253;
    public const byte ScopeNowhere = 255;
    public const byte TypeUnicast = 1;
    public const uint TableMain = 254;

    /// <summary>AF_INET (2) or AF_INET6 (10).</summary>
    public byte Family { get; set; }

    /// <summary>Destination address; IPv4 in the low 32 bits.</summary>
    public UInt128 Destination { get; set; }

    public byte PrefixLength { get; set; }
    public uint Table { get; set; } = TableMain;
    public byte Protocol { get; set; }
    public byte Scope { get; set; } = ScopeUniverse;
    public byte Type { get; set; } = TypeUnicast;

    /// <summary>rtm_flags; for a single-path route its low byte holds the next hop's RTNH_F_* flags.</summary>
    public uint Flags { get; set; }

    /// <summary>The metric (RTA_PRIORITY). Part of a route's identity: routes differing only in metric coexist.</summary>
    public uint Priority { get; set; }

    /// <summary>RTA_PREFSRC, in the route's family; null when not set.</summary>
    public UInt128? PreferredSource { get; set; }

    /// <summary>RTA_NH_ID: a kernel nexthop object (or group) the route uses; 0 when none.</summary>
    public uint NexthopId { get; set; }

    public List<KernelNextHop> NextHops { get; } = [];

    public bool IsIpv6 => Family == LinuxAddressFamily.Inet6;

    public void Reset()
    {
        Family = 0;
        Destination = UInt128.Zero;
        PrefixLength = 0;
        Table = TableMain;
        Protocol = 0;
        Scope = ScopeUniverse;
        Type = TypeUnicast;
        Flags = 0;
        Priority = 0;
        PreferredSource = null;
        NexthopId = 0;
        NextHops.Clear();
    }
}
