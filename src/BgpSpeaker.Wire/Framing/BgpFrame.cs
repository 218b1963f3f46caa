using System.Buffers;

namespace BgpSpeaker.Wire.Framing;

/// <summary>One complete message cut from the byte stream: its type and its body (header excluded).</summary>
public readonly record struct BgpFrame(MessageType Type, ReadOnlySequence<byte> Body)
{
    /// <summary>Total length on the wire, header included.</summary>
    public int Length => BgpHeader.Size + (int)Body.Length;
}
