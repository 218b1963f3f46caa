using System.Buffers.Binary;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Attributes;

/// <summary>
/// MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760):
/// <code>
///  +---------------------------------------------------------+
///  | AFI (2) | SAFI (1) | Next Hop Length (1) | Next Hop ... |   (MP_UNREACH: AFI, SAFI, withdrawn)
///  +---------------------------------------------------------+
///  | Reserved (1)       | NLRI (variable)                    |
///  +---------------------------------------------------------+
/// </code>
/// Malformed MP attributes reset the session (RFC 7606 §5.3, §7.11): we cannot withdraw what we cannot
/// parse. Families that were not negotiated are ignored.
/// </summary>
internal sealed partial class AttributeDecoder
{
    private Problem? DecodeMpReach(ReadOnlyMemory<byte> memory)
    {
        var value = memory.Span;
        if (value.Length < 5)
        {
            return new($"length {value.Length} is below the minimum of 5");
        }
        var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(value), (Safi)value[2]);
        int nextHopLength = value[3];
        if (4 + nextHopLength + 1 > value.Length)
        {
            return new($"next hop length {nextHopLength} overruns the attribute");
        }
        if (!family.IsKnown || !context.IsNegotiated(family))
        {
            return new($"{family} was not negotiated; ignored", ErrorAction.AttributeDiscard);
        }
        if (DecodeMpNextHop(family, value.Slice(4, nextHopLength)) is not { } nextHop)
        {
            return new($"next hop length {nextHopLength} is invalid for {family}");
        }
        if (nextHop.Address == UInt128.Zero && nextHop.LinkLocal == UInt128.Zero)
        {
            return new($"next hop {nextHop} is unspecified", ErrorAction.TreatAsWithdraw);
        }
        var nlriBytes = memory[(4 + nextHopLength + 1)..];
        if (NlriBlock.TryCreate(family, nlriBytes, context.ReceivesPathId(family), out var nlri) is { } bad)
        {
            return new(bad);
        }
        MpReach = new MpReach(family, nextHop, nlri);
        return null;
    }

    /// <summary>IPv6: 16 (global or link-local) or 32 (global + link-local); IPv4: 4, or 16/32 with RFC 8950.</summary>
    private NextHop? DecodeMpNextHop(AfiSafi family, ReadOnlySpan<byte> bytes)
    {
        bool v6Allowed = family.Afi == Afi.Ipv6 || context.ExtendedNextHop.Contains(family);
        return bytes.Length switch
        {
            4 when family.Afi == Afi.Ipv4 => Nlri.NextHop.V4(BinaryPrimitives.ReadUInt32BigEndian(bytes)),
            16 when v6Allowed => Nlri.NextHop.V6(BinaryPrimitives.ReadUInt128BigEndian(bytes)),
            32 when v6Allowed => Nlri.NextHop.V6(BinaryPrimitives.ReadUInt128BigEndian(bytes), BinaryPrimitives.ReadUInt128BigEndian(bytes[16..])),
            _ => null,
        };
    }

    private Problem? DecodeMpUnreach(ReadOnlyMemory<byte> memory)
    {
        var value = memory.Span;
        if (value.Length < 3)
        {
            return new($"length {value.Length} is below the minimum of 3");
        }
        var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(value), (Safi)value[2]);
        if (!family.IsKnown || !context.IsNegotiated(family))
        {
            return new($"{family} was not negotiated; ignored", ErrorAction.AttributeDiscard);
        }
        if (NlriBlock.TryCreate(family, memory[3..], context.ReceivesPathId(family), out var withdrawn) is { } bad)
        {
            return new(bad);
        }
        MpUnreach = new MpUnreach(family, withdrawn);
        return null;
    }
}
