using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>
/// The pure translation between the routing core's routes and kernel routes: which gateway attribute a
/// next hop needs (RTA_GATEWAY for the route's own family, RTA_VIA for an IPv6 gateway of an IPv4 prefix),
/// what our routes carry (protocol, table, metric, preferred source), and when a kernel route already
/// says what we want.
/// </summary>
internal static class FibRouteMapping
{
    /// <summary>Checks next hops the kernel could never accept, so they fail here with a reason instead of an opaque EINVAL.</summary>
    public static NetlinkError? Validate(Afi family, IReadOnlyList<FibNextHop> nextHops)
    {
        foreach (var hop in nextHops)
        {
            if (family == Afi.Ipv6 && !hop.GatewayIsIpv6)
            {
                return new NetlinkError(Errno.EAFNOSUPPORT, $"an IPv6 route cannot use the IPv4 gateway in '{hop}'");
            }
            if (hop.Gateway == UInt128.Zero)
            {
                return new NetlinkError(Errno.EINVAL, $"next hop '{hop}' has no gateway");
            }
            if (hop.GatewayIsIpv6 && IpAddresses.IsV6LinkLocal(hop.Gateway) && hop.InterfaceIndex <= 0)
            {
                return new NetlinkError(Errno.EINVAL, $"link-local next hop '{hop}' needs an interface");
            }
        }
        return null;
    }

    /// <summary>Writes our route for <paramref name="prefix"/> via <paramref name="nextHops"/> into <paramref name="route"/>.</summary>
    /// <remarks>With <paramref name="nexthopObject"/> set, the route points at that object instead of listing next hops.</remarks>
    public static void Fill(KernelRoute route, Prefix prefix, NextHopSet? nextHops, FibOptions options, uint? metric = null, uint nexthopObject = 0)
    {
        route.Reset();
        bool ipv6 = prefix.Afi == Afi.Ipv6;
        route.Family = ipv6 ? LinuxAddressFamily.Inet6 : LinuxAddressFamily.Inet;
        route.Destination = prefix.Bits;
        route.PrefixLength = prefix.Length;
        route.Table = options.Table;
        route.Protocol = options.Protocol;
        route.Priority = metric ?? options.Metric;
        route.PreferredSource = PreferredSource(prefix.Afi, options);
        route.NexthopId = nexthopObject;
        if (nexthopObject != 0)
        {
            return;
        }
        foreach (var hop in nextHops?.Members ?? [])
        {
            route.NextHops.Add(ToKernel(hop));
        }
    }

    public static KernelNextHop ToKernel(FibNextHop hop) =>
        new(hop.GatewayIsIpv6 ? LinuxAddressFamily.Inet6 : LinuxAddressFamily.Inet, hop.Gateway, hop.InterfaceIndex);

    public static FibNextHop FromKernel(KernelNextHop hop) =>
        new(hop.Gateway, hop.GatewayFamily == LinuxAddressFamily.Inet6, hop.InterfaceIndex);

    public static Prefix PrefixOf(KernelRoute route) =>
        new(route.IsIpv6 ? Afi.Ipv6 : Afi.Ipv4, route.Destination, route.PrefixLength);

    /// <summary>Whether a route of our protocol in our table, as the kernel holds it, is one we would write.</summary>
    public static bool IsOurs(KernelRoute route, FibOptions options) =>
        route.Protocol == options.Protocol && route.Table == options.Table && route.Type == KernelRoute.TypeUnicast;

    /// <summary>
    /// True when the kernel route has exactly our next hops (as a set, ignoring the kernel's state flags
    /// such as linkdown) and our preferred source. A route using a nexthop object is never "same": we
    /// write next hops inline, so it gets rewritten.
    /// </summary>
    public static bool Matches(KernelRoute route, NextHopSet nextHops, FibOptions options)
    {
        if (route.NexthopId != 0 || route.PreferredSource != PreferredSource(PrefixOf(route).Afi, options)
            || route.NextHops.Count != nextHops.Members.Length)
        {
            return false;
        }
        foreach (var member in nextHops.Members)
        {
            var wanted = ToKernel(member);
            if (!route.NextHops.Exists(hop => hop.SameDestination(wanted)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A route on a nexthop object matches when it points at the object we chose and has our preferred source.</summary>
    public static bool MatchesObject(KernelRoute route, uint objectId, FibOptions options) =>
        route.NexthopId == objectId && route.PreferredSource == PreferredSource(PrefixOf(route).Afi, options);

    /// <summary>The kernel route as the routing core would have described it.</summary>
    public static FibRoute ToFibRoute(KernelRoute route) =>
        new(PrefixOf(route), route.NextHops.Where(h => h.GatewayFamily != 0).Select(FromKernel).Distinct().Order().ToArray());

    private static UInt128? PreferredSource(Afi family, FibOptions options) =>
        family == Afi.Ipv4 ? options.PreferredSourceIpv4 : options.PreferredSourceIpv6;
}
