using System.Buffers.Binary;

namespace BgpSpeaker.Wire.Primitives;

/// <summary>Sequential big-endian writer over a span sized by the caller; overrun is a programming error.</summary>
internal ref struct SpanWriter
{
    private readonly Span<byte> _span;

    public SpanWriter(Span<byte> span)
    {
        _span = span;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _span.Length - Position;

    public readonly Span<byte> Written => _span[..Position];

    public void Byte(byte value) => _span[Position++] = value;

    public void UInt16(int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_span[Position..], (ushort)value);
        Position += 2;
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span[Position..], value);
        Position += 4;
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_span[Position..], value);
        Position += 8;
    }

    public void UInt128(UInt128 value)
    {
        BinaryPrimitives.WriteUInt128BigEndian(_span[Position..], value);
        Position += 16;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_span[Position..]);
        Position += value.Length;
    }

    /// <summary>Reserves <paramref name="count"/> bytes to fill later; returns their position.</summary>
    public int Skip(int count)
    {
        int at = Position;
        _span.Slice(at, count).Clear();
        Position += count;
        return at;
    }

    public readonly void PatchByte(int at, int value) => _span[at] = (byte)value;

    public readonly void PatchUInt16(int at, int value) => BinaryPrimitives.WriteUInt16BigEndian(_span[at..], (ushort)value);

    /// <summary>Gives the rest of the span to a nested writer, then advances past what it wrote.</summary>
    public readonly Span<byte> Rest => _span[Position..];

    public void Advance(int count) => Position += count;

    /// <summary>Gives back the last <paramref name="count"/> bytes written.</summary>
    public void Rewind(int count) => Position -= count;
}
