using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>Decoding RTM_NEWNEXTHOP (dump replies); see the layout in NexthopMessage.cs.</summary>
public static partial class NexthopMessage
{
    private const ushort Blackhole = 4;

    /// <summary>Fills <paramref name="nexthop"/>; false (with <paramref name="malformed"/>) when the message does not add up.</summary>
    public static bool TryDecode(in NetlinkMessage message, KernelNexthop nexthop, out bool malformed)
    {
        malformed = false;
        if (message.Header.Type != NetlinkMessageType.NewNexthop)
        {
            return false;
        }
        var payload = message.Payload;
        if (payload.Length < HeaderSize)
        {
            malformed = true;
            return false;
        }
        nexthop.Reset();
        nexthop.Family = payload[0];
        nexthop.Protocol = payload[2];
        nexthop.Flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        malformed = !DecodeAttributes(payload[HeaderSize..], nexthop) || nexthop.Id == 0;
        return !malformed;
    }

    private static bool DecodeAttributes(ReadOnlySpan<byte> attributes, KernelNexthop nexthop)
    {
        var reader = new RtAttributeReader(attributes);
        while (reader.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case Id when RtAttributeReader.ReadUInt32(value) is { } id:
                    nexthop.Id = id;
                    break;
                case Oif when RtAttributeReader.ReadUInt32(value) is { } index:
                    nexthop.InterfaceIndex = (int)index;
                    break;
                case Gateway:
                    if (!RtAttributeReader.TryReadAddress(value, out var gateway, out bool ipv6) || ipv6 != (nexthop.Family == LinuxAddressFamily.Inet6))
                    {
                        return false;
                    }
                    nexthop.Gateway = gateway;
                    break;
                case Group:
                    if (value.Length % GroupEntrySize != 0)
                    {
                        return false;
                    }
                    for (int at = 0; at < value.Length; at += GroupEntrySize)
                    {
                        nexthop.GroupMembers.Add(BinaryPrimitives.ReadUInt32LittleEndian(value[at..]));
                    }
                    break;
                case Blackhole:
                    nexthop.Blackhole = true;
                    break;
            }
        }
        return !reader.Malformed;
    }
}
