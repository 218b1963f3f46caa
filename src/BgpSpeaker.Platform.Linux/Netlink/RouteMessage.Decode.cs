using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>Decoding RTM_NEWROUTE / RTM_DELROUTE (dump replies and notifications); see the layout in RouteMessage.cs.</summary>
public static partial class RouteMessage
{
    /// <summary>
    /// Fills <paramref name="route"/> from a route message. False (and <paramref name="malformed"/>) when
    /// lengths or address sizes do not add up; false alone when it is not an IPv4/IPv6 route message.
    /// </summary>
    public static bool TryDecode(in NetlinkMessage message, KernelRoute route, out bool malformed)
    {
        malformed = false;
        if (message.Header.Type is not (NetlinkMessageType.NewRoute or NetlinkMessageType.DelRoute))
        {
            return false;
        }
        var payload = message.Payload;
        if (payload.Length < HeaderSize)
        {
            malformed = true;
            return false;
        }
        route.Reset();
        route.Family = payload[0];
        if (route.Family is not (LinuxAddressFamily.Inet or LinuxAddressFamily.Inet6))
        {
            return false;
        }
        route.PrefixLength = payload[1];
        route.Table = payload[4];
        route.Protocol = payload[5];
        route.Scope = payload[6];
        route.Type = payload[7];
        route.Flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
        malformed = !DecodeAttributes(payload[HeaderSize..], route) || route.PrefixLength > (route.IsIpv6 ? 128 : 32);
        return !malformed;
    }

    private static bool DecodeAttributes(ReadOnlySpan<byte> attributes, KernelRoute route)
    {
        bool ipv6 = route.IsIpv6;
        int oif = 0;
        KernelNextHop? single = null;
        var reader = new RtAttributeReader(attributes);
        while (reader.TryRead(out var type, out var value))
        {
            switch (type)
            {
                case Dst:
                    if (!TryAddress(value, ipv6, out var destination))
                    {
                        return false;
                    }
                    route.Destination = destination;
                    break;
                case Table when RtAttributeReader.ReadUInt32(value) is { } table:
                    route.Table = table;
                    break;
                case Priority when RtAttributeReader.ReadUInt32(value) is { } priority:
                    route.Priority = priority;
                    break;
                case PreferredSource:
                    if (!TryAddress(value, ipv6, out var source))
                    {
                        return false;
                    }
                    route.PreferredSource = source;
                    break;
                case NexthopId when RtAttributeReader.ReadUInt32(value) is { } id:
                    route.NexthopId = id;
                    break;
                case Oif when RtAttributeReader.ReadUInt32(value) is { } index:
                    oif = (int)index;
                    break;
                case Gateway or Via:
                    if (!TryGateway(type, value, route.Family, out var family, out var gateway))
                    {
                        return false;
                    }
                    single = new KernelNextHop(family, gateway, 0);
                    break;
                case Multipath:
                    if (!DecodeMultipath(value, route))
                    {
                        return false;
                    }
                    break;
            }
        }
        if (route.NextHops.Count == 0 && (single is not null || oif != 0))
        {
            var hop = single ?? default;
            route.NextHops.Add(hop with { InterfaceIndex = oif, Flags = (byte)route.Flags });
        }
        return !reader.Malformed;
    }

    private static bool DecodeMultipath(ReadOnlySpan<byte> entries, KernelRoute route)
    {
        while (entries.Length >= NextHopHeaderSize)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(entries);
            if (length < NextHopHeaderSize || length > entries.Length)
            {
                return false;
            }
            byte flags = entries[2];
            int weight = entries[3] + 1;
            int index = BinaryPrimitives.ReadInt32LittleEndian(entries[4..]);
            byte family = 0;
            UInt128 gateway = UInt128.Zero;
            var reader = new RtAttributeReader(entries[NextHopHeaderSize..length]);
            while (reader.TryRead(out var type, out var value))
            {
                if (type is Gateway or Via && !TryGateway(type, value, route.Family, out family, out gateway))
                {
                    return false;
                }
            }
            if (reader.Malformed)
            {
                return false;
            }
            route.NextHops.Add(new KernelNextHop(family, gateway, index, flags, weight));
            entries = entries[Math.Min(NetlinkHeader.Align(length), entries.Length)..];
        }
        return entries.IsEmpty;
    }

    private static bool TryGateway(ushort type, ReadOnlySpan<byte> value, byte routeFamily, out byte family, out UInt128 gateway)
    {
        family = routeFamily;
        gateway = UInt128.Zero;
        if (type == Via)
        {
            if (value.Length < 2)
            {
                return false;
            }
            family = (byte)BinaryPrimitives.ReadUInt16LittleEndian(value);
            value = value[2..];
        }
        return TryAddress(value, family == LinuxAddressFamily.Inet6, out gateway) && family is LinuxAddressFamily.Inet or LinuxAddressFamily.Inet6;
    }

    private static bool TryAddress(ReadOnlySpan<byte> value, bool ipv6, out UInt128 address) =>
        RtAttributeReader.TryReadAddress(value, out address, out bool isIpv6) && isIpv6 == ipv6;
}
