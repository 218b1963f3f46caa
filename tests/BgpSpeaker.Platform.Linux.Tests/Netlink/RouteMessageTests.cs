using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Platform.Linux.Tests.Netlink.KernelVectors;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

/// <summary>Route messages checked both ways against what Linux itself sends and accepts.</summary>
public class RouteMessageTests
{
    private static readonly UInt128 Fe80_1 = IpAddresses.ParseV6("fe80::1");
    private static readonly UInt128 Fe80_2 = IpAddresses.ParseV6("fe80::2");

    [Fact]
    public void AnIpv4RouteViaAnIpv6LinkLocalIsEncodedWithRtaViaAsTheKernelAcceptedIt()
    {
        var route = new KernelRoute { Family = 2, Destination = 0x0A090000, PrefixLength = 16, Protocol = 201, Priority = 20 };
        route.NextHops.Add(new KernelNextHop(10, IpAddresses.ParseV6("fe80::1234"), 3));
        var writer = new NetlinkWriter();

        RouteMessage.WriteNew(writer, 77, NetlinkFlags.Create | NetlinkFlags.Replace | NetlinkFlags.Ack, route);

        Assert.Equal(Bytes(Ipv4ViaIpv6Request), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void TheKernelsIpv4EcmpRouteViaIpv6NextHopsDecodes()
    {
        var route = Decode(Ipv4EcmpViaIpv6);

        Assert.Equal(2, route.Family);
        Assert.Equal(IpAddresses.ParseV4("10.1.0.1"), route.Destination);
        Assert.Equal(32, route.PrefixLength);
        Assert.Equal(254u, route.Table);
        Assert.Equal(201, route.Protocol);
        Assert.Equal(20u, route.Priority);
        Assert.Equal(IpAddresses.ParseV4("10.0.0.11"), route.PreferredSource);
        Assert.Equal([new KernelNextHop(10, Fe80_1, 3), new KernelNextHop(10, Fe80_2, 5)], route.NextHops);
    }

    [Fact]
    public void TheKernelsDefaultRouteHasNoDestinationAttributeAndOneNextHop()
    {
        var route = Decode(Ipv4DefaultViaIpv6);
        Assert.Equal(0, route.PrefixLength);
        Assert.Equal(UInt128.Zero, route.Destination);
        Assert.Null(route.PreferredSource);
        Assert.Equal([new KernelNextHop(10, Fe80_1, 3)], route.NextHops);
    }

    [Fact]
    public void TheKernelsIpv6RoutesDecodeWithGatewaysOfTheirOwnFamily()
    {
        var ecmp = Decode(Ipv6Ecmp);
        Assert.Equal(10, ecmp.Family);
        Assert.Equal(IpAddresses.ParseV6("2001:db8::"), ecmp.Destination);
        Assert.Equal(64, ecmp.PrefixLength);
        Assert.Equal([new KernelNextHop(10, Fe80_1, 3), new KernelNextHop(10, Fe80_2, 5)], ecmp.NextHops);

        var single = Decode(Ipv6Single);
        Assert.Equal(IpAddresses.ParseV6("2001:db8:1::"), single.Destination);
        Assert.Equal([new KernelNextHop(10, Fe80_1, 3)], single.NextHops);
    }

    [Theory]
    [InlineData(Ipv4DefaultViaIpv6)]
    [InlineData(Ipv4EcmpViaIpv6)]
    [InlineData(Ipv6Ecmp)]
    [InlineData(Ipv6Single)]
    public void WhatWeEncodeDecodesToTheSameRoute(string kernelMessage)
    {
        var original = Decode(kernelMessage);
        var writer = new NetlinkWriter();
        RouteMessage.WriteNew(writer, 1, NetlinkFlags.Create, original);

        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        Assert.True(reader.TryRead(out var message));
        var again = new KernelRoute();
        Assert.True(RouteMessage.TryDecode(message, again, out _));

        Assert.Equal((original.Family, original.Destination, original.PrefixLength, original.Table, original.Protocol, original.Priority, original.PreferredSource),
            (again.Family, again.Destination, again.PrefixLength, again.Table, again.Protocol, again.Priority, again.PreferredSource));
        Assert.Equal(original.NextHops, again.NextHops);
    }

    [Fact]
    public void ADeleteNamesPrefixTableProtocolAndMetricButNoNextHops()
    {
        var route = Decode(Ipv4EcmpViaIpv6);
        var writer = new NetlinkWriter();
        RouteMessage.WriteDelete(writer, 9, route);

        Assert.Equal(Bytes("34000000 1900 0100 09000000 00000000" + "02 20 00 00 FE C9 FF 00 00000000" + "08000F00 FE000000" + "08000100 0A010001"
            + "08000600 14000000"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void ATableAbove255TravelsOnlyInRtaTable()
    {
        var route = new KernelRoute { Family = 2, Table = 1000, Protocol = 201 };
        var writer = new NetlinkWriter();
        RouteMessage.WriteNew(writer, 1, NetlinkFlags.Create, route);
        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        Assert.True(reader.TryRead(out var message));
        Assert.Equal(0, message.Payload[4]);

        var decoded = new KernelRoute();
        Assert.True(RouteMessage.TryDecode(message, decoded, out _));
        Assert.Equal(1000u, decoded.Table);
    }

    [Theory]
    [InlineData("08000100 0A0000")] // RTA_DST of 3 octets
    [InlineData("0C000900 2000 0000 03000000")] // rtnexthop claiming more than the attribute holds
    [InlineData("0E001200 0A00 FE80000000000000")] // RTA_VIA with a truncated IPv6 address
    [InlineData("0C000500 FE800000 00000000")] // IPv4 route with an 8-octet gateway
    public void AMalformedRouteIsReportedNotThrown(string attributes)
    {
        byte[] header = Bytes("00000000 1800 0200 01000000 00000000" + "02 20 00 00 FE C9 00 01 00000000");
        var message = header.Concat(Bytes(attributes)).ToArray();
        BitConverter.TryWriteBytes(message, message.Length);
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryRead(out var parsed));

        Assert.False(RouteMessage.TryDecode(parsed, new KernelRoute(), out bool malformed));
        Assert.True(malformed);
    }

    [Fact]
    public void AnIpv4RouteWithAnIpv4GatewayUsesRtaGateway()
    {
        var route = new KernelRoute { Family = 2, Destination = 0x0A000000, PrefixLength = 8 };
        route.NextHops.Add(new KernelNextHop(2, 0xC0000201, 0));
        var writer = new NetlinkWriter();
        RouteMessage.WriteNew(writer, 1, NetlinkFlags.Create, route);
        Assert.EndsWith("08000500C0000201", Convert.ToHexString(writer.WrittenSpan), StringComparison.Ordinal);
    }

    private static KernelRoute Decode(string hex)
    {
        var reader = new NetlinkMessageReader(Bytes(hex));
        Assert.True(reader.TryRead(out var message));
        var route = new KernelRoute();
        Assert.True(RouteMessage.TryDecode(message, route, out bool malformed));
        Assert.False(malformed);
        return route;
    }
}
