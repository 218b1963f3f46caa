using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Platform.Linux.Tests.Netlink.KernelVectors;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

public class NexthopMessageTests
{
    [Fact]
    public void TheKernelsSingleNexthopObjectDecodes()
    {
        var nexthop = Decode(NexthopObject);
        Assert.Equal((0xC9000001u, LinuxAddressFamily.Inet6, (byte)201), (nexthop.Id, nexthop.Family, nexthop.Protocol));
        Assert.Equal(IpAddresses.ParseV6("fe80::1"), nexthop.Gateway);
        Assert.Equal(3, nexthop.InterfaceIndex);
        Assert.False(nexthop.IsGroup);
    }

    [Fact]
    public void TheKernelsGroupDecodesToItsMemberIds()
    {
        var group = Decode(NexthopGroup);
        Assert.Equal(0xC9000003u, group.Id);
        Assert.True(group.IsGroup);
        Assert.Equal([0xC9000001u, 0xC9000002u], group.GroupMembers);
    }

    [Fact]
    public void ARouteOnAGroupCarriesItsIdBesideTheReportedNextHops()
    {
        var reader = new NetlinkMessageReader(Bytes(RouteOnNexthopGroup));
        Assert.True(reader.TryRead(out var message));
        var route = new KernelRoute();
        Assert.True(RouteMessage.TryDecode(message, route, out _));
        Assert.Equal(0xC9000003u, route.NexthopId);
        Assert.Equal(2, route.NextHops.Count);
    }

    [Fact]
    public void OurNexthopAndGroupRequestsHaveTheKernelsLayout()
    {
        var writer = new NetlinkWriter();
        NexthopMessage.WriteNexthop(writer, 5, NetlinkFlags.Create | NetlinkFlags.Replace, 0xC9000001, 201, LinuxAddressFamily.Inet6, IpAddresses.ParseV6("fe80::1"), 3);
        NexthopMessage.WriteGroup(writer, 6, NetlinkFlags.Create, 0xC9000003, 201, [0xC9000001, 0xC9000002]);
        NexthopMessage.WriteDelete(writer, 7, 0xC9000003);

        Assert.Equal(Bytes(
            "3C000000 6800 0105 05000000 00000000" + "0A 00 C9 00 00000000" + "08000100 010000C9" + "08000500 03000000" + "14000600 FE800000000000000000000000000001"
            + "34000000 6800 0104 06000000 00000000" + "00 00 C9 00 00000000" + "08000100 030000C9" + "14000200 010000C9 00000000 020000C9 00000000"
            + "20000000 6900 0100 07000000 00000000" + "00 00 00 00 00000000" + "08000100 030000C9"), writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData("0A 00 C9 00 00000000" + "08000500 03000000")] // no NHA_ID
    [InlineData("0A 00 C9 00 00000000" + "08000100 01000000" + "08000600 0A000001")] // IPv4 gateway in an IPv6 next hop
    [InlineData("00 00 C9 00 00000000" + "08000100 01000000" + "0A000200 01000000 0000")] // group entry cut short
    public void AMalformedNexthopIsReportedNotThrown(string payload)
    {
        var body = Bytes(payload);
        var message = new byte[NetlinkHeader.Size + body.Length];
        new NetlinkHeader(message.Length, NetlinkMessageType.NewNexthop, NetlinkFlags.None, 0, 0).Write(message);
        body.CopyTo(message, NetlinkHeader.Size);
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryRead(out var parsed));
        Assert.False(NexthopMessage.TryDecode(parsed, new KernelNexthop(), out bool malformed));
        Assert.True(malformed);
    }

    private static KernelNexthop Decode(string hex)
    {
        var reader = new NetlinkMessageReader(Bytes(hex));
        Assert.True(reader.TryRead(out var message));
        var nexthop = new KernelNexthop();
        Assert.True(NexthopMessage.TryDecode(message, nexthop, out bool malformed));
        Assert.False(malformed);
        return nexthop;
    }
}
