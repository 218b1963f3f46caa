using System.Buffers.Binary;
using System.Text;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// Walks rtattr / nlattr type-length-value entries (the same layout), each padded to 4 octets.
/// <code>
///  0       2       4
///  +-------+-------+------------------+-----+
///  | len   | type  | value (len - 4)  | pad |   len counts the 4-octet header, not the padding;
///  +-------+-------+------------------+-----+   type bit 15 = nested, bit 14 = network byte order
/// </code>
/// An entry that does not fit ends the walk and sets <see cref="Malformed"/>.
/// </summary>
public ref struct RtAttributeReader
{
    public const int HeaderSize = 4;
    private const ushort TypeMask = 0x3FFF;
    private ReadOnlySpan<byte> _remaining;

    public RtAttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
    }

    public bool Malformed { get; private set; }

    public bool TryRead(out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_remaining.Length < HeaderSize)
        {
            Malformed |= _remaining.Length != 0;
            _remaining = default;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        if (length < HeaderSize || length > _remaining.Length)
        {
            Malformed = true;
            _remaining = default;
            return false;
        }
        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]) & TypeMask);
        value = _remaining[HeaderSize..length];
        _remaining = _remaining[Math.Min(NetlinkHeader.Align(length), _remaining.Length)..];
        return true;
    }

    /// <summary>A u32 value, or null when the value is not exactly 4 octets.</summary>
    public static uint? ReadUInt32(ReadOnlySpan<byte> value) =>
        value.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(value) : null;

    /// <summary>An address in network byte order: 4 octets (IPv4) or 16 (IPv6); false for any other length.</summary>
    public static bool TryReadAddress(ReadOnlySpan<byte> value, out UInt128 address, out bool ipv6)
    {
        ipv6 = value.Length == 16;
        address = value.Length switch
        {
            4 => BinaryPrimitives.ReadUInt32BigEndian(value),
            16 => BinaryPrimitives.ReadUInt128BigEndian(value),
            _ => UInt128.Zero,
        };
        return value.Length is 4 or 16;
    }

    /// <summary>A NUL-terminated string (the terminator and anything after it are dropped).</summary>
    public static string ReadString(ReadOnlySpan<byte> value)
    {
        int end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }
}
