namespace BgpSpeaker.Platform.Linux.Netlink;

// Numbers from Linux's uapi headers (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h,
// linux/nexthop.h). They are ABI: stable across kernel versions and architectures.

/// <summary>nlmsg_type values: the netlink control messages and the rtnetlink requests we use.</summary>
public static class NetlinkMessageType
{
    public const ushort Noop = 1;
    public const ushort Error = 2;
    public const ushort Done = 3;
    public const ushort Overrun = 4;

    public const ushort NewLink = 16;
    public const ushort DelLink = 17;
    public const ushort GetLink = 18;
    public const ushort NewAddress = 20;
    public const ushort DelAddress = 21;
    public const ushort GetAddress = 22;
    public const ushort NewRoute = 24;
    public const ushort DelRoute = 25;
    public const ushort GetRoute = 26;
    public const ushort NewNexthop = 104;
    public const ushort DelNexthop = 105;
    public const ushort GetNexthop = 106;
}

/// <summary>nlmsg_flags. The same bits mean different things for GET (Root/Match) and NEW (Replace/Excl).</summary>
[Flags]
public enum NetlinkFlags : ushort
{
    None = 0,
    Request = 0x1,
    Multi = 0x2,
    Ack = 0x4,
    Echo = 0x8,
    DumpInterrupted = 0x10,
    DumpFiltered = 0x20,
    Dump = 0x300,
#pragma warning disable CA1069 // netlink reuses these bits: the request type decides which meaning applies
    Replace = 0x100,
    Exclusive = 0x200,
    Create = 0x400,
    Append = 0x800,
    /// <summary>On an NLMSG_ERROR: the original request's payload was left out (NETLINK_CAP_ACK).</summary>
    Capped = 0x100,
    /// <summary>On an NLMSG_ERROR: extended-ack TLVs follow (NETLINK_EXT_ACK).</summary>
    AckTlvs = 0x200,
#pragma warning restore CA1069
}

/// <summary>rtnetlink multicast groups (numbers for NETLINK_ADD_MEMBERSHIP, not bit masks).</summary>
public static class RtnetlinkGroup
{
    public const int Link = 1;
    public const int Ipv4Address = 5;
    public const int Ipv4Route = 7;
    public const int Ipv6Address = 9;
    public const int Ipv6Route = 11;
}

/// <summary>Linux address family numbers as they appear inside netlink messages.</summary>
public static class LinuxAddressFamily
{
    public const byte Unspecified = 0;
    public const byte Inet = 2;
    public const byte Bridge = 7;
    public const byte Inet6 = 10;
}
