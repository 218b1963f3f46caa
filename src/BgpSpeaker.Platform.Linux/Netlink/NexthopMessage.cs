using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// RTM_NEWNEXTHOP / RTM_DELNEXTHOP: kernel nexthop objects (Linux ≥ 5.3), which routes reference by id
/// (RTA_NH_ID) instead of carrying their next hops, so one change of a group moves every route using it.
/// <code>
///  nhmsg (8 octets)
///  +--------+-------+----------+-------+--------------+
///  | family | scope | protocol | resvd | u32 flags    |
///  +--------+-------+----------+-------+--------------+
///  a next hop: NHA_ID (1) u32, NHA_OIF (5) u32, NHA_GATEWAY (6) addr        (family = the gateway's)
///  a group:    NHA_ID (1) u32, NHA_GROUP (2) = { u32 id, u8 weight-1, u8, u16 } × n   (family = AF_UNSPEC)
/// </code>
/// </summary>
public static partial class NexthopMessage
{
    public const int HeaderSize = 8;
    private const ushort Id = 1;
    private const ushort Group = 2;
    private const ushort Oif = 5;
    private const ushort Gateway = 6;
    private const int GroupEntrySize = 8;

    /// <summary>A single next hop: <paramref name="gateway"/> (of <paramref name="gatewayFamily"/>) out of interface <paramref name="interfaceIndex"/>.</summary>
    public static void WriteNexthop(NetlinkWriter writer, uint sequence, NetlinkFlags flags, uint id, byte protocol,
        byte gatewayFamily, UInt128 gateway, int interfaceIndex)
    {
        int start = writer.BeginMessage(NetlinkMessageType.NewNexthop, NetlinkFlags.Request | flags, sequence);
        WriteHeader(writer, gatewayFamily, protocol);
        writer.AddUInt32(Id, id);
        writer.AddUInt32(Oif, (uint)interfaceIndex);
        writer.AddAddress(Gateway, gateway, gatewayFamily == LinuxAddressFamily.Inet6);
        writer.EndMessage(start);
    }

    /// <summary>A multipath group of existing next hop ids, equal weights.</summary>
    public static void WriteGroup(NetlinkWriter writer, uint sequence, NetlinkFlags flags, uint id, byte protocol, ReadOnlySpan<uint> members)
    {
        int start = writer.BeginMessage(NetlinkMessageType.NewNexthop, NetlinkFlags.Request | flags, sequence);
        WriteHeader(writer, LinuxAddressFamily.Unspecified, protocol);
        writer.AddUInt32(Id, id);
        Span<byte> entries = stackalloc byte[members.Length * GroupEntrySize];
        entries.Clear();
        for (int i = 0; i < members.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(entries[(i * GroupEntrySize)..], members[i]);
        }
        writer.AddAttribute(Group, entries);
        writer.EndMessage(start);
    }

    /// <summary>A dump of every nexthop object (the kernel cannot filter by protocol; the reader does).</summary>
    public static uint WriteDumpRequest(NetlinkWriter writer, NetlinkSocket socket) =>
        NetlinkDump.WriteRequest(writer, socket, NetlinkMessageType.GetNexthop, HeaderSize, LinuxAddressFamily.Unspecified);

    /// <summary>Deletes a next hop or group; the kernel removes every route that uses it.</summary>
    public static void WriteDelete(NetlinkWriter writer, uint sequence, uint id)
    {
        int start = writer.BeginMessage(NetlinkMessageType.DelNexthop, NetlinkFlags.Request, sequence);
        WriteHeader(writer, LinuxAddressFamily.Unspecified, 0);
        writer.AddUInt32(Id, id);
        writer.EndMessage(start);
    }

    private static void WriteHeader(NetlinkWriter writer, byte family, byte protocol)
    {
        var header = writer.AppendZeroed(HeaderSize);
        header[0] = family;
        header[2] = protocol;
    }
}
