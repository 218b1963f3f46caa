namespace BgpSpeaker.Platform.Linux.Icmpv6.Codec;

/// <summary>
/// A Neighbor Discovery message we speak (RFC 4861 §4.1 and §4.2), as the ICMPv6 payload a raw socket
/// hands over: the kernel has removed the IPv6 header and checked the checksum, and fills the checksum in
/// on send, so encoders leave it zero.
/// </summary>
public abstract record NdMessage
{
    public const byte RouterSolicitationType = 133;
    public const byte RouterAdvertisementType = 134;

    /// <summary>The ICMPv6 type octet.</summary>
    public abstract byte Type { get; }

    /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
    public abstract int EncodedLength { get; }

    /// <summary>Writes the message at the start of <paramref name="destination"/>; returns the octets written.</summary>
    public abstract int WriteTo(Span<byte> destination);

    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        WriteTo(bytes);
        return bytes;
    }
}
