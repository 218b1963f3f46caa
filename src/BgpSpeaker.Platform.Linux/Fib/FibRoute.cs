using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>
/// One next hop for the kernel: a gateway and the interface it is reached through. An IPv6 link-local
/// gateway needs its interface; an IPv4 prefix may use an IPv6 gateway (RFC 8950, installed with RTA_VIA).
/// </summary>
/// <param name="Gateway">The gateway address; an IPv4 one in the low 32 bits.</param>
/// <param name="InterfaceIndex">The outgoing interface, or 0 to let the kernel resolve a global gateway.</param>
public readonly record struct FibNextHop(UInt128 Gateway, bool GatewayIsIpv6, int InterfaceIndex) : IComparable<FibNextHop>
{
    public static FibNextHop Ipv6(UInt128 gateway, int interfaceIndex) => new(gateway, true, interfaceIndex);

    public static FibNextHop Ipv4(uint gateway, int interfaceIndex = 0) => new(gateway, false, interfaceIndex);

    public int CompareTo(FibNextHop other)
    {
        int c = GatewayIsIpv6.CompareTo(other.GatewayIsIpv6);
        if (c != 0)
        {
            return c;
        }
        c = Gateway.CompareTo(other.Gateway);
        return c != 0 ? c : InterfaceIndex.CompareTo(other.InterfaceIndex);
    }

    public override string ToString() =>
        $"via {IpAddresses.FromBits(GatewayIsIpv6 ? Afi.Ipv6 : Afi.Ipv4, Gateway)}{(InterfaceIndex > 0 ? $" if {InterfaceIndex}" : "")}";
}

/// <summary>A prefix and its equal-cost next hops, as the routing core decided them. No next hops means "remove".</summary>
public sealed record FibRoute(Prefix Prefix, IReadOnlyList<FibNextHop> NextHops)
{
    public override string ToString() => $"{Prefix} {string.Join(", ", NextHops)}";
}

/// <summary>One change from the routing core: install (or change) a route, or remove a prefix.</summary>
public readonly record struct FibChange(Prefix Prefix, IReadOnlyList<FibNextHop>? NextHops)
{
    public static FibChange Install(FibRoute route) => new(route.Prefix, route.NextHops);

    public static FibChange Install(Prefix prefix, params IReadOnlyList<FibNextHop> nextHops) => new(prefix, nextHops);

    public static FibChange Remove(Prefix prefix) => new(prefix, null);

    public bool IsRemoval => NextHops is null || NextHops.Count == 0;
}
