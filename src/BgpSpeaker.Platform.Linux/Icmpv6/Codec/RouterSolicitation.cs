using System.Net.NetworkInformation;

namespace BgpSpeaker.Platform.Linux.Icmpv6.Codec;

/// <summary>
/// Router Solicitation (RFC 4861 §4.1): "routers on this link, advertise now".
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |   Type 133    |    Code 0     |          Checksum             |
/// |                            Reserved                           |
/// |   Options (source link-layer address) ...
/// </code>
/// </summary>
/// <param name="SourceLinkLayerAddress">Our MAC, so the router can answer without resolving us first; null to omit.</param>
public sealed record RouterSolicitation(PhysicalAddress? SourceLinkLayerAddress = null) : NdMessage
{
    private const int FixedLength = 8;

    public override byte Type => RouterSolicitationType;

    public override int EncodedLength => FixedLength + NdOptions.LinkLayerAddressLength(SourceLinkLayerAddress);

    public override int WriteTo(Span<byte> destination)
    {
        destination[..FixedLength].Clear();
        destination[0] = Type;
        return FixedLength + NdOptions.WriteLinkLayerAddress(destination[FixedLength..], NdOptions.SourceLinkLayerAddress, SourceLinkLayerAddress);
    }

    internal static NdDecodeResult Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < FixedLength)
        {
            return NdDecodeResult.Fail(NdDecodeErrorKind.TooShort, packet.Length);
        }
        PhysicalAddress? source = null;
        var options = new NdOptionReader(packet, FixedLength);
        NdDecodeError? error;
        while (options.TryRead(out var type, out var body, out _, out error))
        {
            // The first one counts; a second copy is as ignorable as an unknown option.
            if (type == NdOptions.SourceLinkLayerAddress && source is null)
            {
                source = new PhysicalAddress(body.ToArray());
            }
        }
        return error is null ? NdDecodeResult.Ok(new RouterSolicitation(source)) : new NdDecodeResult(null, error);
    }
}
