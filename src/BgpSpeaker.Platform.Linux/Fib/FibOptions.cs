using BgpSpeaker.Platform.Linux.Netlink;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>How our routes look in the kernel.</summary>
/// <param name="Protocol">rtm_protocol marking our routes (see <see cref="DefaultProtocol"/>).</param>
/// <param name="Table">Routing table; 254 is "main".</param>
/// <param name="Metric">
/// RTA_PRIORITY. A route's identity in the kernel is (prefix, metric), and a replace takes over whatever
/// route holds that identity, so a metric of our own keeps us from overwriting a static or DHCP route
/// (metric 0 by default) for the same prefix. 20 is the value FRR uses for eBGP.
/// </param>
/// <param name="PreferredSourceIpv4">RTA_PREFSRC for IPv4 routes (e.g. the node's /32); must be a local address.</param>
/// <param name="PreferredSourceIpv6">RTA_PREFSRC for IPv6 routes.</param>
/// <param name="NextHopMode">How routes carry their next hops (see <see cref="FibNextHopMode"/>).</param>
/// <param name="NexthopIdBase">Our nexthop object ids lie just above this (16 million of them); ids are global in a namespace.</param>
public sealed record FibOptions(
    byte Protocol = FibOptions.DefaultProtocol,
    uint Table = KernelRoute.TableMain,
    uint Metric = 20,
    uint? PreferredSourceIpv4 = null,
    UInt128? PreferredSourceIpv6 = null,
    NetlinkBatchOptions? Batch = null,
    FibNextHopMode NextHopMode = FibNextHopMode.Objects,
    uint NexthopIdBase = FibOptions.DefaultNexthopIdBase)
{
    /// <summary>201 × 2^24: the protocol number in the top octet, far above the small ids other daemons count up from.</summary>
    public const uint DefaultNexthopIdBase = (uint)DefaultProtocol << 24;

    /// <summary>
    /// 201: unused by the kernel's RTPROT_* list, iproute2's rt_protos and FRR's rt_protos.d (which
    /// take 186–197, 196 being FRR's "static"). Name it in /etc/iproute2/rt_protos.d/bgpspeaker.conf:
    /// <c>201 bgpspeaker</c>.
    /// </summary>
    public const byte DefaultProtocol = 201;
}

/// <summary>How a route names its next hops in the kernel.</summary>
public enum FibNextHopMode
{
    /// <summary>
    /// Kernel nexthop objects (Linux ≥ 5.3): one object per next hop and one group per ECMP set, shared by
    /// every route with that set (RTA_NH_ID). About 4× faster to install at a million routes, deleting a
    /// group removes all its routes at once, and on carrier loss the kernel itself drops the dead member
    /// from every group. Falls back to <see cref="Inline"/> when the kernel has no nexthop objects.
    /// </summary>
    Objects,

    /// <summary>Next hops written into every route (RTA_VIA / RTA_GATEWAY, RTA_MULTIPATH for ECMP).</summary>
    Inline,
}
