using System.Buffers;
using System.Buffers.Binary;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Messages;

/// <summary>Turns a framed message into a typed one. Never throws for any input.</summary>
public static class MessageDecoder
{
    /// <summary>Decodes a frame, copying its body so the message outlives the receive buffer.</summary>
    public static DecodeResult Decode(in BgpFrame frame, CodecContext context) =>
        Decode(frame.Type, frame.Body.IsSingleSegment ? frame.Body.First.ToArray() : frame.Body.ToArray(), context);

    /// <summary>Decodes a message body (header excluded). UPDATE results reference <paramref name="body"/>.</summary>
    public static DecodeResult Decode(MessageType type, ReadOnlyMemory<byte> body, CodecContext context) => type switch
    {
        MessageType.Open => OpenDecoder.Decode(body.Span),
        MessageType.Update => UpdateDecoder.Decode(body, context),
        MessageType.Notification => DecodeNotification(body.Span),
        MessageType.Keepalive => body.IsEmpty
            ? DecodeResult.Ok(KeepaliveMessage.Instance)
            : DecodeResult.Fail(BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength,
                $"KEEPALIVE with a {body.Length}-octet body", LengthData(body.Length))),
        MessageType.RouteRefresh => DecodeRouteRefresh(body.Span),
        _ => DecodeResult.Fail(BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageType,
            $"unknown message type {(byte)type}", [(byte)type])),
    };

    /// <summary>
    /// Decodes every message in <paramref name="bytes"/> (whole messages, headers included), stopping
    /// at the first error. Used by tools such as <c>bgpspeaker decode</c>.
    /// </summary>
    public static IEnumerable<(DecodeResult Result, int Offset)> DecodeAll(byte[] bytes, CodecContext context)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        while (!buffer.IsEmpty)
        {
            int offset = (int)(bytes.Length - buffer.Length);
            switch (BgpFramer.TryReadFrame(ref buffer, context, out var frame, out var error))
            {
                case FrameStatus.Frame:
                    yield return (Decode(frame, context), offset);
                    break;
                case FrameStatus.Error:
                    yield return (DecodeResult.Fail(error!), offset);
                    yield break;
                default:
                    yield return (DecodeResult.Fail(BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength,
                        $"input ends inside a message: {buffer.Length} octets left")), offset);
                    yield break;
            }
        }
    }

    private static DecodeResult DecodeNotification(ReadOnlySpan<byte> body) =>
        body.Length < 2
            ? DecodeResult.Fail(BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength, "NOTIFICATION too short", LengthData(body.Length)))
            : DecodeResult.Ok(new NotificationMessage((ErrorCode)body[0], body[1], body[2..].ToArray()));

    /// <summary>RFC 7313 §5: wrong length is an error whose data is the whole message; an unknown subtype is ignored.</summary>
    private static DecodeResult DecodeRouteRefresh(ReadOnlySpan<byte> body)
    {
        if (body.Length != 4)
        {
            var message = new byte[BgpHeader.Size + body.Length];
            BgpHeader.Write(message, message.Length, MessageType.RouteRefresh);
            body.CopyTo(message.AsSpan(BgpHeader.Size));
            return DecodeResult.Fail(BgpError.Reset(ErrorCode.RouteRefresh, RouteRefreshSubcode.InvalidMessageLength,
                $"ROUTE-REFRESH body is {body.Length} octets, expected 4", message));
        }
        if (body[2] > (byte)RouteRefreshSubtype.EndOfRouteRefresh)
        {
            return DecodeResult.Ignored;
        }
        var family = new AfiSafi((Afi)BinaryPrimitives.ReadUInt16BigEndian(body), (Safi)body[3]);
        return DecodeResult.Ok(new RouteRefreshMessage(family, (RouteRefreshSubtype)body[2]));
    }

    private static byte[] LengthData(int bodyLength)
    {
        int total = bodyLength + BgpHeader.Size;
        return [(byte)(total >> 8), (byte)total];
    }
}
