namespace BgpSpeaker.Platform.Linux.Icmpv6.Codec;

/// <summary>Decodes the ICMPv6 payload a raw socket received: an RS, an RA, or a typed error. Never throws.</summary>
public static class NdCodec
{
    public static NdDecodeResult Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 4)
        {
            return NdDecodeResult.Fail(NdDecodeErrorKind.TooShort, packet.Length);
        }
        if (packet[0] is not (NdMessage.RouterSolicitationType or NdMessage.RouterAdvertisementType))
        {
            return NdDecodeResult.Fail(NdDecodeErrorKind.UnexpectedType, 0);
        }
        if (packet[1] != 0)
        {
            return NdDecodeResult.Fail(NdDecodeErrorKind.NonZeroCode, 1);
        }
        return packet[0] == NdMessage.RouterSolicitationType
            ? RouterSolicitation.Decode(packet)
            : RouterAdvertisement.Decode(packet);
    }
}
