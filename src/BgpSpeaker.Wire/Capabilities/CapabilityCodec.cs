using System.Buffers.Binary;
using System.Text;
using BgpSpeaker.Wire.Primitives;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Capabilities;

/// <summary>
/// Capability encoding inside an OPEN optional parameter of type 2 (RFC 5492):
/// <code>
///  +------------------------------+
///  | Capability Code (1 octet)    |
///  +------------------------------+
///  | Capability Length (1 octet)  |
///  +------------------------------+
///  | Capability Value (variable)  |
///  +------------------------------+
/// </code>
/// </summary>
public static class CapabilityCodec
{
    /// <summary>Decodes one capability value; returns null and a reason when its length or content is wrong.</summary>
    public static Capability? Decode(byte code, ReadOnlySpan<byte> value, out string? problem)
    {
        problem = null;
        Capability? result = (CapabilityCode)code switch
        {
            CapabilityCode.Multiprotocol when value.Length == 4 =>
                new MultiprotocolCapability(new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(value), (Safi)value[3])),
            CapabilityCode.RouteRefresh or CapabilityCode.RouteRefreshCisco when value.Length == 0 =>
                new RouteRefreshCapability((CapabilityCode)code),
            CapabilityCode.EnhancedRouteRefresh when value.Length == 0 => new EnhancedRouteRefreshCapability(),
            CapabilityCode.ExtendedMessage when value.Length == 0 => new ExtendedMessageCapability(),
            CapabilityCode.FourOctetAs when value.Length == 4 => new FourOctetAsCapability(BinaryPrimitives.ReadUInt32BigEndian(value)),
            CapabilityCode.ExtendedNextHop when value.Length % 6 == 0 => DecodeExtendedNextHop(value),
            CapabilityCode.AddPath when value.Length % 4 == 0 => DecodeAddPath(value),
            CapabilityCode.GracefulRestart when value.Length >= 2 && (value.Length - 2) % 4 == 0 => DecodeGracefulRestart(value),
            CapabilityCode.Fqdn => DecodeFqdn(value),
            CapabilityCode.Role when value.Length == 1 => new RoleCapability((BgpRole)value[0]),
            CapabilityCode.Multiprotocol or CapabilityCode.RouteRefresh or CapabilityCode.RouteRefreshCisco
                or CapabilityCode.EnhancedRouteRefresh or CapabilityCode.ExtendedMessage or CapabilityCode.FourOctetAs
                or CapabilityCode.ExtendedNextHop or CapabilityCode.AddPath or CapabilityCode.GracefulRestart
                or CapabilityCode.Role => null,
            _ => new UnknownCapability(code, value.ToArray()),
        };
        if (result is null)
        {
            problem = $"{CapabilityNames.Name((CapabilityCode)code)} capability has invalid length {value.Length}";
        }
        return result;
    }

    private static ExtendedNextHopCapability DecodeExtendedNextHop(ReadOnlySpan<byte> value)
    {
        var entries = new List<ExtendedNextHopEntry>(value.Length / 6);
        for (int i = 0; i < value.Length; i += 6)
        {
            // RFC 8950 §3: NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2).
            var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(value[i..]), (Safi)BinaryPrimitives.ReadUInt16BigEndian(value[(i + 2)..]));
            entries.Add(new ExtendedNextHopEntry(family, (Afi)BinaryPrimitives.ReadUInt16BigEndian(value[(i + 4)..])));
        }
        return new ExtendedNextHopCapability(entries);
    }

    private static AddPathCapability DecodeAddPath(ReadOnlySpan<byte> value)
    {
        var entries = new List<AddPathEntry>(value.Length / 4);
        for (int i = 0; i < value.Length; i += 4)
        {
            var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(value[i..]), (Safi)value[i + 2]);
            entries.Add(new AddPathEntry(family, (AddPathDirection)value[i + 3]));
        }
        return new AddPathCapability(entries);
    }

    private static GracefulRestartCapability DecodeGracefulRestart(ReadOnlySpan<byte> value)
    {
        ushort header = BinaryPrimitives.ReadUInt16BigEndian(value);
        var families = new List<GracefulRestartFamily>((value.Length - 2) / 4);
        for (int i = 2; i < value.Length; i += 4)
        {
            var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(value[i..]), (Safi)value[i + 2]);
            families.Add(new GracefulRestartFamily(family, (value[i + 3] & 0x80) != 0));
        }
        return new GracefulRestartCapability((header & 0x8000) != 0, (header & 0x4000) != 0, (ushort)(header & 0x0FFF), families);
    }

    private static FqdnCapability? DecodeFqdn(ReadOnlySpan<byte> value)
    {
        // Host length (1), host, domain length (1), domain.
        if (value.Length < 2 || value[0] + 2 > value.Length || value[0] + 2 + value[value[0] + 1] != value.Length)
        {
            return null;
        }
        int hostLength = value[0];
        var host = Encoding.UTF8.GetString(value.Slice(1, hostLength));
        var domain = Encoding.UTF8.GetString(value.Slice(hostLength + 2, value[hostLength + 1]));
        return new FqdnCapability(host, domain);
    }

    /// <summary>Writes code, length and value.</summary>
    internal static void Write(ref SpanWriter writer, Capability capability)
    {
        writer.Byte((byte)capability.Code);
        int lengthAt = writer.Skip(1);
        int start = writer.Position;
        WriteValue(ref writer, capability);
        int length = writer.Position - start;
        if (length > 255)
        {
            throw new InvalidOperationException($"{capability.Name} capability is {length} octets; at most 255 fit");
        }
        writer.PatchByte(lengthAt, length);
    }

    private static void WriteValue(ref SpanWriter writer, Capability capability)
    {
        switch (capability)
        {
            case MultiprotocolCapability mp:
                writer.UInt16((ushort)mp.Family.Afi);
                writer.Byte(0);
                writer.Byte((byte)mp.Family.Safi);
                break;
            case FourOctetAsCapability as4:
                writer.UInt32(as4.Asn);
                break;
            case ExtendedNextHopCapability enh:
                foreach (var entry in enh.Entries)
                {
                    writer.UInt16((ushort)entry.Family.Afi);
                    writer.UInt16((byte)entry.Family.Safi);
                    writer.UInt16((ushort)entry.NextHopAfi);
                }
                break;
            case AddPathCapability addPath:
                foreach (var entry in addPath.Entries)
                {
                    writer.UInt16((ushort)entry.Family.Afi);
                    writer.Byte((byte)entry.Family.Safi);
                    writer.Byte((byte)entry.Direction);
                }
                break;
            case GracefulRestartCapability gr:
                writer.UInt16((gr.RestartState ? 0x8000 : 0) | (gr.Notification ? 0x4000 : 0) | (gr.RestartTimeSeconds & 0x0FFF));
                foreach (var family in gr.Families)
                {
                    writer.UInt16((ushort)family.Family.Afi);
                    writer.Byte((byte)family.Family.Safi);
                    writer.Byte(family.ForwardingPreserved ? (byte)0x80 : (byte)0);
                }
                break;
            case FqdnCapability fqdn:
                WriteShortString(ref writer, fqdn.HostName);
                WriteShortString(ref writer, fqdn.DomainName);
                break;
            case RoleCapability role:
                writer.Byte((byte)role.Role);
                break;
            case UnknownCapability unknown:
                writer.Bytes(unknown.Value);
                break;
        }
    }

    private static void WriteShortString(ref SpanWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        int length = Math.Min(bytes.Length, 64);
        writer.Byte((byte)length);
        writer.Bytes(bytes.AsSpan(0, length));
    }
}
