using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// RTM_NEWLINK / RTM_DELLINK: an interface and its state.
/// <code>
///  ifinfomsg (16 octets)
///  +--------+-----+----------+--------------+--------------+--------------+
///  | family | pad | dev type | int32 index  | u32 flags    | u32 change   |   flags: IFF_UP 0x1,
///  +--------+-----+----------+--------------+--------------+--------------+   IFF_RUNNING 0x40, IFF_LOWER_UP 0x10000
///  then IFLA_* attributes: IFLA_IFNAME (3) string, IFLA_OPERSTATE (16) u8, …
/// </code>
/// Only family AF_UNSPEC describes the interface itself; AF_BRIDGE messages on the same group are about
/// bridge ports (a DELLINK there means "left the bridge", not "removed") and are ignored.
/// </summary>
public static class LinkMessage
{
    public const int HeaderSize = 16;
    private const uint FlagUp = 0x1;
    private const uint FlagRunning = 0x40;
    private const uint FlagLowerUp = 0x10000;
    private const ushort AttributeName = 3;
    private const ushort AttributeOperState = 16;

    public static uint WriteDumpRequest(NetlinkWriter writer, NetlinkSocket socket) =>
        NetlinkDump.WriteRequest(writer, socket, NetlinkMessageType.GetLink, HeaderSize, LinuxAddressFamily.Unspecified);

    /// <summary>Decodes a link message; false when it is not one, is about a bridge port, or is malformed.</summary>
    public static bool TryDecode(in NetlinkMessage message, out LinkState state, out bool malformed)
    {
        state = null!;
        malformed = false;
        ushort type = message.Header.Type;
        if (type is not (NetlinkMessageType.NewLink or NetlinkMessageType.DelLink))
        {
            return false;
        }
        var payload = message.Payload;
        if (payload.Length < HeaderSize)
        {
            malformed = true;
            return false;
        }
        if (payload[0] != LinuxAddressFamily.Unspecified)
        {
            return false;
        }
        int index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
        string? name = null;
        var operState = LinkOperState.Unknown;
        var attributes = new RtAttributeReader(payload[HeaderSize..]);
        while (attributes.TryRead(out var attribute, out var value))
        {
            if (attribute == AttributeName)
            {
                name = RtAttributeReader.ReadString(value);
            }
            else if (attribute == AttributeOperState && value.Length >= 1)
            {
                operState = (LinkOperState)value[0];
            }
        }
        if (attributes.Malformed || name is null || index <= 0)
        {
            malformed = true;
            return false;
        }
        state = new LinkState(index, name, (flags & FlagUp) != 0, (flags & FlagLowerUp) != 0, (flags & FlagRunning) != 0, operState,
            Removed: type == NetlinkMessageType.DelLink);
        return true;
    }
}
