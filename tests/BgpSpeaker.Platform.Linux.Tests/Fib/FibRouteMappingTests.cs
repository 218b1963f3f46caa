using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>The pure translation between the routing core's next-hop sets and kernel routes.</summary>
public class FibRouteMappingTests
{
    private static readonly FibNextHop Leaf1 = FibNextHop.Ipv6(IpAddresses.ParseV6("fe80::1"), 3);
    private static readonly FibNextHop Leaf2 = FibNextHop.Ipv6(IpAddresses.ParseV6("fe80::2"), 5);
    private static readonly FibOptions Options = new(PreferredSourceIpv4: IpAddresses.ParseV4("10.0.0.11"), PreferredSourceIpv6: IpAddresses.ParseV6("2001:db8::11"));

    [Fact]
    public void AnIpv4PrefixViaIpv6LinkLocalsBecomesNextHopsOfTheOtherFamilyForRtaVia()
    {
        var route = new KernelRoute();
        FibRouteMapping.Fill(route, Prefix.Parse("10.1.0.0/24"), NextHopSet.From([Leaf2, Leaf1]), Options);

        Assert.Equal(LinuxAddressFamily.Inet, route.Family);
        Assert.Equal(IpAddresses.ParseV4("10.1.0.0"), route.Destination);
        Assert.Equal(24, route.PrefixLength);
        Assert.Equal((201, 254u, 20u), (route.Protocol, route.Table, route.Priority));
        Assert.Equal(IpAddresses.ParseV4("10.0.0.11"), route.PreferredSource);
        Assert.Equal([new KernelNextHop(LinuxAddressFamily.Inet6, Leaf1.Gateway, 3), new KernelNextHop(LinuxAddressFamily.Inet6, Leaf2.Gateway, 5)], route.NextHops);
    }

    [Fact]
    public void AnIpv6PrefixGetsTheIpv6SourceAndGatewaysOfItsOwnFamily()
    {
        var route = new KernelRoute();
        FibRouteMapping.Fill(route, Prefix.Parse("::/0"), NextHopSet.From([Leaf1]), Options);

        Assert.Equal(LinuxAddressFamily.Inet6, route.Family);
        Assert.Equal(IpAddresses.ParseV6("2001:db8::11"), route.PreferredSource);
        Assert.Equal(LinuxAddressFamily.Inet6, route.NextHops.Single().GatewayFamily);
    }

    [Fact]
    public void AnIpv4GatewayStaysIpv4()
    {
        var route = new KernelRoute();
        FibRouteMapping.Fill(route, Prefix.Parse("10.0.0.0/8"), NextHopSet.From([FibNextHop.Ipv4(IpAddresses.ParseV4("192.0.2.1"))]), new FibOptions());
        Assert.Equal(new KernelNextHop(LinuxAddressFamily.Inet, IpAddresses.ParseV4("192.0.2.1"), 0), route.NextHops.Single());
        Assert.Null(route.PreferredSource);
    }

    [Fact]
    public void ImpossibleNextHopsAreRejectedWithAReason()
    {
        Assert.Null(FibRouteMapping.Validate(Afi.Ipv4, [Leaf1, FibNextHop.Ipv4(IpAddresses.ParseV4("192.0.2.1"))]));
        Assert.Equal(Errno.EAFNOSUPPORT, FibRouteMapping.Validate(Afi.Ipv6, [FibNextHop.Ipv4(IpAddresses.ParseV4("192.0.2.1"))])?.Errno);
        Assert.Equal(Errno.EINVAL, FibRouteMapping.Validate(Afi.Ipv4, [FibNextHop.Ipv6(UInt128.Zero, 3)])?.Errno);
        Assert.Contains("needs an interface", FibRouteMapping.Validate(Afi.Ipv4, [Leaf1 with { InterfaceIndex = 0 }])?.Detail, StringComparison.Ordinal);
        Assert.Null(FibRouteMapping.Validate(Afi.Ipv6, [FibNextHop.Ipv6(IpAddresses.ParseV6("2001:db8::1"), 0)]));
    }

    [Fact]
    public void NextHopSetsAreEqualWhateverTheOrderAndRepeats()
    {
        var one = NextHopSet.From([Leaf1, Leaf2]);
        var other = NextHopSet.From([Leaf2, Leaf1, Leaf2]);
        Assert.Equal(one, other);
        Assert.Equal(one.GetHashCode(), other.GetHashCode());
        Assert.Equal(2, other.Members.Length);
        Assert.NotEqual(one, NextHopSet.From([Leaf1]));
        Assert.NotEqual(one, NextHopSet.From([Leaf1, Leaf2 with { InterfaceIndex = 6 }]));
    }

    [Fact]
    public void AKernelRouteMatchesIgnoringOrderAndTheKernelsStateFlags()
    {
        var kernel = new KernelRoute();
        FibRouteMapping.Fill(kernel, Prefix.Parse("10.1.0.1/32"), NextHopSet.From([Leaf1, Leaf2]), Options);
        kernel.NextHops.Reverse();
        kernel.NextHops[0] = kernel.NextHops[0] with { Flags = KernelNextHop.FlagLinkDown | KernelNextHop.FlagDead };

        Assert.True(FibRouteMapping.Matches(kernel, NextHopSet.From([Leaf1, Leaf2]), Options));
        Assert.False(FibRouteMapping.Matches(kernel, NextHopSet.From([Leaf1]), Options));
        Assert.False(FibRouteMapping.Matches(kernel, NextHopSet.From([Leaf1, Leaf2]), Options with { PreferredSourceIpv4 = null }));
        kernel.NexthopId = 7;
        Assert.False(FibRouteMapping.Matches(kernel, NextHopSet.From([Leaf1, Leaf2]), Options));
    }

    [Fact]
    public void OnlyUnicastRoutesOfOurProtocolAndTableAreOurs()
    {
        var route = new KernelRoute { Family = LinuxAddressFamily.Inet, Protocol = 201, Table = 254 };
        Assert.True(FibRouteMapping.IsOurs(route, Options));
        route.Protocol = 186;
        Assert.False(FibRouteMapping.IsOurs(route, Options));
        route.Protocol = 201;
        route.Table = 255;
        Assert.False(FibRouteMapping.IsOurs(route, Options));
    }

    [Fact]
    public void AKernelRouteReadsBackAsTheRoutingCoresDescription()
    {
        var kernel = new KernelRoute();
        FibRouteMapping.Fill(kernel, Prefix.Parse("10.1.0.1/32"), NextHopSet.From([Leaf2, Leaf1]), Options);

        var route = FibRouteMapping.ToFibRoute(kernel);

        Assert.Equal(Prefix.Parse("10.1.0.1/32"), route.Prefix);
        Assert.Equal([Leaf1, Leaf2], route.NextHops);
    }
}
