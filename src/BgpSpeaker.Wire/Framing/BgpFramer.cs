using System.Buffers;
using System.Buffers.Binary;
using BgpSpeaker.Wire.Errors;

namespace BgpSpeaker.Wire.Framing;

public enum FrameStatus
{
    /// <summary>A whole message was cut; the buffer now starts after it.</summary>
    Frame,

    /// <summary>Not enough bytes yet; nothing was consumed.</summary>
    Incomplete,

    /// <summary>The header is invalid; the session must be reset with the given error.</summary>
    Error,
}

/// <summary>
/// Cuts BGP messages out of a byte stream. Framing is separate from parsing: the framer validates only
/// the header, and does so as soon as 19 bytes are there, so a bad length is rejected before we wait
/// for (and buffer) the body it announces.
/// </summary>
public static class BgpFramer
{
    public static FrameStatus TryReadFrame(
        ref ReadOnlySequence<byte> buffer, CodecContext context, out BgpFrame frame, out BgpError? error)
    {
        frame = default;
        error = null;
        if (buffer.Length < BgpHeader.Size)
        {
            return FrameStatus.Incomplete;
        }

        Span<byte> header = stackalloc byte[BgpHeader.Size];
        buffer.Slice(0, BgpHeader.Size).CopyTo(header);
        error = ValidateHeader(header, context, out int length, out var type);
        if (error is not null)
        {
            return FrameStatus.Error;
        }
        if (buffer.Length < length)
        {
            return FrameStatus.Incomplete;
        }

        frame = new BgpFrame(type, buffer.Slice(BgpHeader.Size, length - BgpHeader.Size));
        buffer = buffer.Slice(length);
        return FrameStatus.Frame;
    }

    /// <summary>RFC 4271 §6.1 checks on a 19-byte header.</summary>
    public static BgpError? ValidateHeader(ReadOnlySpan<byte> header, CodecContext context, out int length, out MessageType type)
    {
        length = BinaryPrimitives.ReadUInt16BigEndian(header[BgpHeader.MarkerSize..]);
        type = (MessageType)header[BgpHeader.MarkerSize + 2];
        if (header[..BgpHeader.MarkerSize].ContainsAnyExcept((byte)0xFF))
        {
            return BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.ConnectionNotSynchronized,
                "marker is not all ones");
        }
        // RFC 8654 §4: OPEN and KEEPALIVE never exceed 4096, whatever was negotiated.
        int max = type is MessageType.Open or MessageType.Keepalive
            ? CodecContext.StandardMaxMessageSize
            : context.MaxMessageSize;
        if (!BgpHeader.IsKnownType((byte)type))
        {
            return BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageType,
                $"unknown message type {(byte)type}", [(byte)type]);
        }
        int min = BgpHeader.MinimumLength(type);
        if (length < min || length > max || (type == MessageType.Keepalive && length != BgpHeader.Size))
        {
            return BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength,
                $"{type} length {length} outside {min}..{(type == MessageType.Keepalive ? min : max)}",
                [header[BgpHeader.MarkerSize], header[BgpHeader.MarkerSize + 1]]);
        }
        return null;
    }
}
