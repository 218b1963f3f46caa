using System.Buffers.Binary;
using System.Text;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// Builds netlink messages back to back in one growable buffer, so a batch of requests goes to the
/// kernel in a single send. Lengths are patched when a message or nested attribute ends; every
/// entry starts 4-aligned and padding bytes are zero.
/// <code>
/// BeginMessage → fixed family header (AppendZeroed) → attributes (nested: BeginNested … EndNested) → EndMessage
/// </code>
/// </summary>
public sealed class NetlinkWriter
{
    private byte[] _buffer;
    private int _length;

    public NetlinkWriter(int initialCapacity = 64 * 1024)
    {
        _buffer = new byte[initialCapacity];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Drops everything after <paramref name="length"/> (a message that overflowed the batch).</summary>
    public void Truncate(int length) => _length = Math.Min(length, _length);

    /// <summary>The bytes of an already written region, e.g. to add NLM_F_ACK to a header later.</summary>
    public Span<byte> Region(int offset, int length) => _buffer.AsSpan(offset, length);

    /// <summary>Starts a message; returns its offset for <see cref="EndMessage"/>.</summary>
    public int BeginMessage(ushort type, NetlinkFlags flags, uint sequence)
    {
        int start = _length;
        new NetlinkHeader(0, type, flags, sequence, 0).Write(AppendZeroed(NetlinkHeader.Size));
        return start;
    }

    public void EndMessage(int start) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(start), _length - start);

    /// <summary>Reserves <paramref name="size"/> zeroed bytes (padded to 4) and returns them to fill in.</summary>
    public Span<byte> AppendZeroed(int size)
    {
        int padded = NetlinkHeader.Align(size);
        EnsureCapacity(padded);
        var span = _buffer.AsSpan(_length, padded);
        span.Clear();
        _length += padded;
        return span[..size];
    }

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        var entry = AppendZeroed(RtAttributeReader.HeaderSize + value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)entry.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
        value.CopyTo(entry[RtAttributeReader.HeaderSize..]);
    }

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        AddAttribute(type, bytes);
    }

    public void AddUInt16(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        AddAttribute(type, bytes);
    }

    public void AddFlag(ushort type) => AddAttribute(type, []);

    public void AddString(ushort type, string value)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        AddAttribute(type, bytes);
    }

    /// <summary>Writes an address in network byte order: 4 octets for IPv4, 16 for IPv6.</summary>
    public void AddAddress(ushort type, UInt128 address, bool ipv6)
    {
        Span<byte> bytes = stackalloc byte[16];
        AddAttribute(type, WriteAddress(bytes, address, ipv6));
    }

    /// <summary>Starts an attribute whose value is more attributes (or other entries); returns its offset.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        var header = AppendZeroed(RtAttributeReader.HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        return start;
    }

    public void EndNested(int start) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));

    /// <summary>Fills <paramref name="destination"/> with the address bytes and returns the used part.</summary>
    public static Span<byte> WriteAddress(Span<byte> destination, UInt128 address, bool ipv6)
    {
        if (ipv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, address);
            return destination[..16];
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)address);
        return destination[..4];
    }

    private void EnsureCapacity(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
