using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE.
/// <code>
///  rtmsg (12 octets)
///  +--------+---------+---------+-----+-------+----------+-------+------+--------------+
///  | family | dst_len | src_len | tos | table | protocol | scope | type | u32 flags    |
///  +--------+---------+---------+-----+-------+----------+-------+------+--------------+
///  RTA_TABLE (15) u32, RTA_DST (1) addr, RTA_PRIORITY (6) u32, RTA_PREFSRC (7) addr, RTA_NH_ID (30) u32,
///  one next hop:  RTA_OIF (4) u32 + RTA_GATEWAY (5) addr   or   RTA_VIA (18) {u16 family, addr}
///  several:       RTA_MULTIPATH (9) = rtnexthop entries:
///                 +--------+----------+--------+--------------+---------------------------+
///                 | u16 len| u8 flags | u8 hops| int32 ifindex| RTA_GATEWAY or RTA_VIA …  |  len covers the attributes
///                 +--------+----------+--------+--------------+---------------------------+
/// </code>
/// A gateway of the route's own family goes in RTA_GATEWAY; of the other family in RTA_VIA (kernel ≥ 5.2
/// for IPv4 routes via IPv6 next hops).
/// </summary>
public static partial class RouteMessage
{
    public const int HeaderSize = 12;
    private const int NextHopHeaderSize = 8;
    private const ushort Dst = 1;
    private const ushort Oif = 4;
    private const ushort Gateway = 5;
    private const ushort Priority = 6;
    private const ushort PreferredSource = 7;
    private const ushort Multipath = 9;
    private const ushort Table = 15;
    private const ushort Via = 18;
    private const ushort NexthopId = 30;
    private const byte TableUnspecified = 0;

    /// <summary>RTM_NEWROUTE with <paramref name="flags"/> (e.g. Create|Replace) and all of the route's next hops.</summary>
    public static void WriteNew(NetlinkWriter writer, uint sequence, NetlinkFlags flags, KernelRoute route)
    {
        int start = writer.BeginMessage(NetlinkMessageType.NewRoute, NetlinkFlags.Request | flags, sequence);
        WriteHeader(writer, route, route.Scope, route.Type);
        WriteIdentity(writer, route);
        if (route.PreferredSource is { } source)
        {
            writer.AddAddress(PreferredSource, source, route.IsIpv6);
        }
        if (route.NexthopId != 0)
        {
            writer.AddUInt32(NexthopId, route.NexthopId);
        }
        else if (route.NextHops.Count == 1)
        {
            WriteSingleNextHop(writer, route);
        }
        else if (route.NextHops.Count > 1)
        {
            WriteMultipath(writer, route);
        }
        writer.EndMessage(start);
    }

    /// <summary>
    /// RTM_DELROUTE matching prefix, table, protocol and metric, whatever the next hops (scope "nowhere"
    /// and type 0 mean "any" to the kernel), so exactly our route goes and nobody else's.
    /// </summary>
    public static void WriteDelete(NetlinkWriter writer, uint sequence, KernelRoute route)
    {
        int start = writer.BeginMessage(NetlinkMessageType.DelRoute, NetlinkFlags.Request, sequence);
        WriteHeader(writer, route, KernelRoute.ScopeNowhere, type: 0);
        WriteIdentity(writer, route);
        writer.EndMessage(start);
    }

    /// <summary>A dump of one family's routes; with strict checking the kernel filters by table and protocol itself.</summary>
    public static uint WriteDumpRequest(NetlinkWriter writer, NetlinkSocket socket, byte family, uint table, byte protocol)
    {
        uint sequence = socket.NextSequence();
        int start = writer.BeginMessage(NetlinkMessageType.GetRoute, NetlinkFlags.Request | NetlinkFlags.Dump, sequence);
        var header = writer.AppendZeroed(HeaderSize);
        header[0] = family;
        header[4] = table < 256 ? (byte)table : TableUnspecified;
        header[5] = protocol;
        writer.AddUInt32(Table, table);
        writer.EndMessage(start);
        return sequence;
    }

    private static void WriteHeader(NetlinkWriter writer, KernelRoute route, byte scope, byte type)
    {
        var header = writer.AppendZeroed(HeaderSize);
        header[0] = route.Family;
        header[1] = route.PrefixLength;
        header[4] = route.Table < 256 ? (byte)route.Table : TableUnspecified;
        header[5] = route.Protocol;
        header[6] = scope;
        header[7] = type;
    }

    private static void WriteIdentity(NetlinkWriter writer, KernelRoute route)
    {
        writer.AddUInt32(Table, route.Table);
        if (route.PrefixLength > 0)
        {
            writer.AddAddress(Dst, route.Destination, route.IsIpv6);
        }
        if (route.Priority != 0)
        {
            writer.AddUInt32(Priority, route.Priority);
        }
    }

    private static void WriteSingleNextHop(NetlinkWriter writer, KernelRoute route)
    {
        var hop = route.NextHops[0];
        if (hop.InterfaceIndex > 0)
        {
            writer.AddUInt32(Oif, (uint)hop.InterfaceIndex);
        }
        WriteGateway(writer, route.Family, hop);
    }

    private static void WriteMultipath(NetlinkWriter writer, KernelRoute route)
    {
        int nest = writer.BeginNested(Multipath);
        foreach (var hop in route.NextHops)
        {
            int entry = writer.Length;
            var header = writer.AppendZeroed(NextHopHeaderSize);
            header[2] = (byte)Math.Clamp(hop.Weight - 1, 0, 255);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], hop.InterfaceIndex);
            WriteGateway(writer, route.Family, hop);
            BinaryPrimitives.WriteUInt16LittleEndian(writer.Region(entry, 2), (ushort)(writer.Length - entry));
        }
        writer.EndNested(nest);
    }

    private static void WriteGateway(NetlinkWriter writer, byte routeFamily, KernelNextHop hop)
    {
        if (hop.GatewayFamily == 0)
        {
            return;
        }
        bool ipv6 = hop.GatewayFamily == LinuxAddressFamily.Inet6;
        if (hop.GatewayFamily == routeFamily)
        {
            writer.AddAddress(Gateway, hop.Gateway, ipv6);
            return;
        }
        Span<byte> via = stackalloc byte[18];
        BinaryPrimitives.WriteUInt16LittleEndian(via, hop.GatewayFamily);
        int length = 2 + NetlinkWriter.WriteAddress(via[2..], hop.Gateway, ipv6).Length;
        writer.AddAttribute(Via, via[..length]);
    }
}
