using System.Buffers.Binary;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// RTM_NEWADDR / RTM_DELADDR: an address on an interface.
/// <code>
///  ifaddrmsg (8 octets)
///  +--------+-----------+----------+-------+--------------+
///  | family | prefixlen | u8 flags | scope | u32 ifindex  |
///  +--------+-----------+----------+-------+--------------+
///  then IFA_ADDRESS (1), IFA_LOCAL (2), IFA_FLAGS (8, u32: the full flag set), IFA_CACHEINFO (6), …
/// </code>
/// On a point-to-point IPv4 link IFA_ADDRESS is the peer and IFA_LOCAL ours, so IFA_LOCAL wins when present.
/// </summary>
public static class AddressMessage
{
    public const int HeaderSize = 8;
    private const ushort AttributeAddress = 1;
    private const ushort AttributeLocal = 2;
    private const ushort AttributeFlags = 8;

    public static uint WriteDumpRequest(NetlinkWriter writer, NetlinkSocket socket, Afi family) =>
        NetlinkDump.WriteRequest(writer, socket, NetlinkMessageType.GetAddress, HeaderSize,
            family == Afi.Ipv4 ? LinuxAddressFamily.Inet : LinuxAddressFamily.Inet6);

    /// <summary>Decodes an address message; false when it is not one, is of another family, or is malformed.</summary>
    public static bool TryDecode(in NetlinkMessage message, out AddressState state, out bool malformed)
    {
        state = null!;
        malformed = false;
        ushort type = message.Header.Type;
        if (type is not (NetlinkMessageType.NewAddress or NetlinkMessageType.DelAddress))
        {
            return false;
        }
        var payload = message.Payload;
        if (payload.Length < HeaderSize)
        {
            malformed = true;
            return false;
        }
        byte family = payload[0];
        if (family is not (LinuxAddressFamily.Inet or LinuxAddressFamily.Inet6))
        {
            return false;
        }
        int prefixLength = payload[1];
        uint flags = payload[2];
        int index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        UInt128? address = null, local = null;
        var attributes = new RtAttributeReader(payload[HeaderSize..]);
        while (attributes.TryRead(out var attribute, out var value))
        {
            switch (attribute)
            {
                case AttributeAddress when RtAttributeReader.TryReadAddress(value, out var bits, out bool v6) && v6 == (family == LinuxAddressFamily.Inet6):
                    address = bits;
                    break;
                case AttributeLocal when RtAttributeReader.TryReadAddress(value, out var bits, out bool v6) && v6 == (family == LinuxAddressFamily.Inet6):
                    local = bits;
                    break;
                case AttributeFlags when RtAttributeReader.ReadUInt32(value) is { } full:
                    flags = full;
                    break;
            }
        }
        var chosen = local ?? address;
        var afi = family == LinuxAddressFamily.Inet ? Afi.Ipv4 : Afi.Ipv6;
        if (attributes.Malformed || chosen is null || index <= 0 || prefixLength > (afi == Afi.Ipv4 ? 32 : 128))
        {
            malformed = true;
            return false;
        }
        state = new AddressState(index, afi, chosen.Value, prefixLength, (AddressFlags)flags, Removed: type == NetlinkMessageType.DelAddress);
        return true;
    }
}
