using System.Buffers.Binary;
using System.Net.NetworkInformation;

namespace BgpSpeaker.Platform.Linux.Icmpv6.Codec;

/// <summary>
/// Router Advertisement (RFC 4861 §4.2). On a fabric link its source address is what matters: it is the
/// neighbouring router's link-local address, the one BGP unnumbered peers with.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |   Type 134    |    Code 0     |          Checksum             |
/// | Cur Hop Limit |M|O|  Reserved |       Router Lifetime         |
/// |                         Reachable Time                        |
/// |                          Retrans Timer                        |
/// |   Options (source link-layer address, MTU, ...) ...
/// </code>
/// </summary>
/// <param name="CurHopLimit">Hop limit hosts should use; 0 = unspecified.</param>
/// <param name="Managed">M: addresses come from DHCPv6.</param>
/// <param name="OtherConfig">O: other configuration comes from DHCPv6.</param>
/// <param name="RouterLifetimeSeconds">How long hosts may use us as a default router; 0 = not a default router.</param>
/// <param name="ReachableTimeMilliseconds">0 = unspecified.</param>
/// <param name="RetransTimerMilliseconds">0 = unspecified.</param>
/// <param name="SourceLinkLayerAddress">The router's MAC; null when the option is absent.</param>
/// <param name="Mtu">The link MTU; null when the option is absent.</param>
public sealed record RouterAdvertisement(
    byte CurHopLimit,
    bool Managed,
    bool OtherConfig,
    ushort RouterLifetimeSeconds,
    uint ReachableTimeMilliseconds,
    uint RetransTimerMilliseconds,
    PhysicalAddress? SourceLinkLayerAddress = null,
    uint? Mtu = null) : NdMessage
{
    private const int FixedLength = 16;
    private const byte ManagedFlag = 0x80;
    private const byte OtherConfigFlag = 0x40;

    public override byte Type => RouterAdvertisementType;

    public override int EncodedLength =>
        FixedLength + NdOptions.LinkLayerAddressLength(SourceLinkLayerAddress) + (Mtu is null ? 0 : 8);

    public override int WriteTo(Span<byte> destination)
    {
        destination[..FixedLength].Clear();
        destination[0] = Type;
        destination[4] = CurHopLimit;
        destination[5] = (byte)((Managed ? ManagedFlag : 0) | (OtherConfig ? OtherConfigFlag : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], RouterLifetimeSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ReachableTimeMilliseconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], RetransTimerMilliseconds);
        int written = FixedLength;
        written += NdOptions.WriteLinkLayerAddress(destination[written..], NdOptions.SourceLinkLayerAddress, SourceLinkLayerAddress);
        written += NdOptions.WriteMtu(destination[written..], Mtu);
        return written;
    }

    internal static NdDecodeResult Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < FixedLength)
        {
            return NdDecodeResult.Fail(NdDecodeErrorKind.TooShort, packet.Length);
        }
        PhysicalAddress? source = null;
        uint? mtu = null;
        var options = new NdOptionReader(packet, FixedLength);
        NdDecodeError? error;
        while (options.TryRead(out var type, out var body, out int offset, out error))
        {
            // The first of each counts; later copies and unknown options are skipped.
            if (type == NdOptions.SourceLinkLayerAddress && source is null)
            {
                source = new PhysicalAddress(body.ToArray());
            }
            else if (type == NdOptions.Mtu && mtu is null)
            {
                if (body.Length != 6)
                {
                    return NdDecodeResult.Fail(NdDecodeErrorKind.BadMtuOption, offset);
                }
                mtu = BinaryPrimitives.ReadUInt32BigEndian(body[2..]);
            }
        }
        if (error is not null)
        {
            return new NdDecodeResult(null, error);
        }
        byte flags = packet[5];
        return NdDecodeResult.Ok(new RouterAdvertisement(
            CurHopLimit: packet[4],
            Managed: (flags & ManagedFlag) != 0,
            OtherConfig: (flags & OtherConfigFlag) != 0,
            RouterLifetimeSeconds: BinaryPrimitives.ReadUInt16BigEndian(packet[6..]),
            ReachableTimeMilliseconds: BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            RetransTimerMilliseconds: BinaryPrimitives.ReadUInt32BigEndian(packet[12..]),
            source,
            mtu));
    }
}
