using System.Buffers.Binary;
using System.Net.NetworkInformation;

namespace BgpSpeaker.Platform.Linux.Icmpv6.Codec;

/// <summary>
/// Neighbor Discovery options (RFC 4861 §4.6): type-length-value with the length counted in units of
/// 8 octets, including the type and length octets.
/// <code>
///  0                   1                   2                   3
/// |     Type      |    Length     |              ...              |
/// </code>
/// </summary>
internal static class NdOptions
{
    public const byte SourceLinkLayerAddress = 1;
    public const byte Mtu = 5;

    /// <summary>
    /// Octets of a link-layer address option: the address padded to a multiple of 8 (an Ethernet MAC
    /// fills one unit exactly).
    /// </summary>
    public static int LinkLayerAddressLength(PhysicalAddress? address) =>
        address is null ? 0 : (2 + address.GetAddressBytes().Length + 7) / 8 * 8;

    public static int WriteLinkLayerAddress(Span<byte> destination, byte type, PhysicalAddress? address)
    {
        if (address is null)
        {
            return 0;
        }
        var bytes = address.GetAddressBytes();
        int length = LinkLayerAddressLength(address);
        destination[..length].Clear();
        destination[0] = type;
        destination[1] = (byte)(length / 8);
        bytes.CopyTo(destination[2..]);
        return length;
    }

    /// <summary>
    /// <code>
    /// |     Type 5    |    Length 1   |           Reserved            |
    /// |                              MTU                              |
    /// </code>
    /// </summary>
    public static int WriteMtu(Span<byte> destination, uint? mtu)
    {
        if (mtu is not { } value)
        {
            return 0;
        }
        destination[..8].Clear();
        destination[0] = Mtu;
        destination[1] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], value);
        return 8;
    }
}

/// <summary>
/// Walks the options after a message's fixed part. Unknown options are handed out like known ones so the
/// caller can skip them (RFC 4861 §4.6: receivers silently ignore options they do not recognise).
/// </summary>
internal ref struct NdOptionReader(ReadOnlySpan<byte> packet, int start)
{
    private readonly ReadOnlySpan<byte> _packet = packet;
    private int _offset = start;

    /// <summary>False at the end of the packet, or with <paramref name="error"/> set when an option is invalid.</summary>
    public bool TryRead(out byte type, out ReadOnlySpan<byte> body, out int offset, out NdDecodeError? error)
    {
        type = 0;
        body = default;
        offset = _offset;
        error = null;
        int remaining = _packet.Length - _offset;
        if (remaining == 0)
        {
            return false;
        }
        if (remaining < 2)
        {
            error = new NdDecodeError(NdDecodeErrorKind.TruncatedOption, _offset);
            return false;
        }
        int length = _packet[_offset + 1] * 8;
        if (length == 0)
        {
            error = new NdDecodeError(NdDecodeErrorKind.ZeroLengthOption, _offset);
            return false;
        }
        if (length > remaining)
        {
            error = new NdDecodeError(NdDecodeErrorKind.TruncatedOption, _offset);
            return false;
        }
        type = _packet[_offset];
        body = _packet.Slice(_offset + 2, length - 2);
        _offset += length;
        return true;
    }
}
