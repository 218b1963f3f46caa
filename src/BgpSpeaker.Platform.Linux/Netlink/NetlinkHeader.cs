using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// The header in front of every netlink message, in host byte order (little-endian on our targets).
/// <code>
///  0               4       6       8               12              16
///  +---------------+-------+-------+---------------+---------------+
///  | nlmsg_len     | type  | flags | nlmsg_seq     | nlmsg_pid     |  then the payload, padded to 4
///  +---------------+-------+-------+---------------+---------------+
/// </code>
/// nlmsg_len counts the header and the payload but not the trailing padding.
/// </summary>
public readonly record struct NetlinkHeader(int Length, ushort Type, NetlinkFlags Flags, uint Sequence, uint PortId)
{
    public const int Size = 16;
    public const int Alignment = 4;

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    public static NetlinkHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt32LittleEndian(source),
        BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
        (NetlinkFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PortId);
    }

    /// <summary>Sets extra flag bits in an already written header (the batcher adds NLM_F_ACK this way).</summary>
    public static void AddFlags(Span<byte> header, NetlinkFlags flags)
    {
        var current = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)(current | (ushort)flags));
    }
}

/// <summary>One message inside a received buffer: its header and its payload (header excluded).</summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(NetlinkHeader header, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public NetlinkHeader Header { get; }
    public ReadOnlySpan<byte> Payload { get; }
}
