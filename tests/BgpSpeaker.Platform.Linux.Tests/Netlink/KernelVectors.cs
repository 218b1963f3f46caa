namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

/// <summary>
/// Messages captured from Linux 6.18 in a test namespace (our own dumps and requests), as hex. The
/// setup: up1 = ifindex 3, up2 = 5, 10.0.0.11/32 on lo, routes of protocol 201 metric 20 added with ip.
/// </summary>
internal static class KernelVectors
{
    /// <summary>default via inet6 fe80::1 dev up1 metric 20 (RTA_VIA, single next hop).</summary>
    public const string Ipv4DefaultViaIpv6 =
        "4C000000 1800 2200 01000000 26570000" + "02 00 00 00 FE C9 00 01 00000000" + "08000F00 FE000000" + "08000600 14000000"
        + "16001200 0A00 FE800000000000000000000000000001 0000" + "08000400 03000000";

    /// <summary>10.1.0.1/32 src 10.0.0.11 metric 20, nexthop via inet6 fe80::1 dev up1, nexthop via inet6 fe80::2 dev up2.</summary>
    public const string Ipv4EcmpViaIpv6 =
        "80000000 1800 2200 01000000 26570000" + "02 20 00 00 FE C9 00 01 00000000" + "08000F00 FE000000" + "08000100 0A010001"
        + "08000600 14000000" + "08000700 0A00000B"
        + "44000900" + "2000 00 00 03000000 16001200 0A00 FE800000000000000000000000000001 0000"
        + "2000 00 00 05000000 16001200 0A00 FE800000000000000000000000000002 0000";

    /// <summary>2001:db8::/64 metric 20, nexthop via fe80::1 dev up1, nexthop via fe80::2 dev up2 (plus RTA_CACHEINFO and RTA_PREF).</summary>
    public const string Ipv6Ecmp =
        "A8000000 1800 2200 02000000 26570000" + "0A 40 00 00 FE C9 00 01 00000000" + "08000F00 FE000000" + "14000100 20010DB8000000000000000000000000"
        + "08000600 14000000"
        + "3C000900" + "1C00 00 00 03000000 14000500 FE800000000000000000000000000001"
        + "1C00 00 00 05000000 14000500 FE800000000000000000000000000002"
        + "24000C00 0000000000000000000000000000000000000000000000000000000000000000" + "05001400 00000000";

    /// <summary>2001:db8:1::/64 via fe80::1 dev up1 metric 20.</summary>
    public const string Ipv6Single =
        "88000000 1800 2200 02000000 26570000" + "0A 40 00 00 FE C9 00 01 00000000" + "08000F00 FE000000" + "14000100 20010DB8000100000000000000000000"
        + "08000600 14000000" + "14000500 FE800000000000000000000000000001" + "08000400 03000000"
        + "24000C00 0000000000000000000000000000000000000000000000000000000000000000" + "05001400 00000000";

    /// <summary>Our request: 10.9.0.0/16 via inet6 fe80::1234 dev 3 metric 20 proto 201, CREATE|REPLACE|ACK, seq 77.</summary>
    public const string Ipv4ViaIpv6Request =
        "54000000 1800 0505 4D000000 00000000" + "02 10 00 00 FE C9 00 01 00000000" + "08000F00 FE000000" + "08000100 0A090000"
        + "08000600 14000000" + "08000400 03000000" + "16001200 0A00 FE800000000000000000000000001234 0000";

    /// <summary>The kernel's answer to that request (fe80::1234 was a local address): EINVAL, capped, with an ext-ack text.</summary>
    public const string ErrorAckWithText =
        "4C000000 0200 0003 4D000000 3D5A0000" + "EAFFFFFF" + "54000000 1800 0505 4D000000 00000000"
        + "27000100 476174657761792063616E206E6F742062652061206C6F63616C20616464726573730000";

    /// <summary>A success ACK (capped) for sequence 78.</summary>
    public const string SuccessAck = "24000000 0200 0001 4E000000 26570000" + "00000000" + "54000000 1800 0505 4E000000 00000000";

    /// <summary>fe80::1234/64 on if 3, added with nodad: IFA_FLAGS = NODAD|PERMANENT.</summary>
    public const string Ipv6LinkLocalAddress =
        "48000000 1400 0200 03000000 26570000" + "0A 40 82 FD 03000000" + "14000100 FE800000000000000000000000001234"
        + "14000600 FFFFFFFF FFFFFFFF D6030400 D6030400" + "08000800 82000000";

    /// <summary>The same address still running DAD (IFA_FLAGS = TENTATIVE|PERMANENT; the u8 field agrees).</summary>
    public const string Ipv6TentativeAddress =
        "48000000 1400 0200 03000000 26570000" + "0A 40 C0 FD 03000000" + "14000100 FE800000000000000000000000001234"
        + "14000600 FFFFFFFF FFFFFFFF D6030400 D6030400" + "08000800 C0000000";

    /// <summary>Nexthop object id 0xC9000001: via fe80::1 dev up1 (if 3), protocol 201, scope link.</summary>
    public const string NexthopObject =
        "3C000000 6800 0200 01000000 15120000" + "0A FD C9 00 00000000" + "08000100 010000C9" + "08000500 03000000"
        + "14000600 FE800000000000000000000000000001";

    /// <summary>Group 0xC9000003 of 0xC9000001 and 0xC9000002 (plus NHA_GROUP_TYPE and a newer attribute we skip).</summary>
    public const string NexthopGroup =
        "44000000 6800 0200 01000000 15120000" + "00 00 C9 00 00000000" + "08000100 030000C9" + "06000300 00000000"
        + "14000200 010000C9 00000000 020000C9 00000000" + "08000E00 00000080";

    /// <summary>10.1.0.1/32 nhid 0xC9000003: RTA_NH_ID, plus the next hops the kernel reports for compatibility.</summary>
    public const string RouteOnNexthopGroup =
        "80000000 1800 2200 02000000 15120000" + "02 20 00 00 FE C9 00 01 00000000" + "08000F00 FE000000" + "08000100 0A010001"
        + "08000600 14000000" + "08001E00 030000C9"
        + "44000900" + "2000 00 00 03000000 16001200 0A00 FE800000000000000000000000000001 0000"
        + "2000 00 00 05000000 16001200 0A00 FE800000000000000000000000000002 0000";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
