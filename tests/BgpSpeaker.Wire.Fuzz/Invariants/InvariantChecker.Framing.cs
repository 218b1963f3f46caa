using System.Buffers;
using System.Buffers.Binary;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Wire.Fuzz;

/// <summary>Framer and error invariants.</summary>
public static partial class InvariantChecker
{
    private sealed partial class Run
    {
        /// <summary>
        /// The framer cut exactly the message the header announces, or consumed nothing; its verdict
        /// agrees with the RFC 4271 §6.1 header rules, checked here without the framer's code.
        /// </summary>
        private void CheckFramerResult(ReadOnlySequence<byte> before, ReadOnlySequence<byte> after, FrameStatus status, BgpFrame frame, BgpError? error)
        {
            byte[] header = before.Slice(0, Math.Min(before.Length, BgpHeader.Size)).ToArray();
            var problems = header.Length == BgpHeader.Size ? HeaderProblems(header, _context) : [];
            int declared = header.Length == BgpHeader.Size ? BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(BgpHeader.MarkerSize)) : 0;
            switch (status)
            {
                case FrameStatus.Frame:
                    Require(error is null, $"the framer returned a frame and an error ({error})", header);
                    Require(header.Length == BgpHeader.Size && problems.Count == 0,
                        $"the framer accepted a header with problems (subcodes {string.Join(",", problems)})", header);
                    Require((byte)frame.Type == header[BgpHeader.MarkerSize + 2] && frame.Length == declared,
                        $"the framer cut a {frame.Type} of {frame.Length} octets from a header announcing type {header[^1]} and {declared} octets", header);
                    Require(after.Length == before.Length - declared,
                        $"the framer consumed {before.Length - after.Length} octets for a {declared}-octet message", header);
                    Require(frame.Body.Length == declared - BgpHeader.Size && SameStart(after, before.Slice(declared)),
                        "the frame body or the rest of the buffer is not where the header says", header);
                    break;
                case FrameStatus.Incomplete:
                    Require(error is null, $"the framer returned Incomplete with an error ({error})", header);
                    Require(after.Length == before.Length && after.Start.Equals(before.Start),
                        $"the framer consumed {before.Length - after.Length} octets without returning a frame", header);
                    Require(header.Length < BgpHeader.Size || (problems.Count == 0 && declared > before.Length),
                        problems.Count > 0
                            ? $"the framer waits for more data after a bad header (subcodes {string.Join(",", problems)})"
                            : $"the framer waits for more data with {before.Length} octets buffered for a {declared}-octet message",
                        header);
                    break;
                case FrameStatus.Error:
                    Require(error is not null, "the framer returned Error without an error", header);
                    Require(error!.Action == ErrorAction.SessionReset && error.Code == ErrorCode.MessageHeader,
                        $"a header error must reset the session with a Message Header Error ({error})", header);
                    Require(problems.Contains(error.Subcode),
                        $"the framer rejected a header with subcode {error.Subcode} but the header's problems are [{string.Join(",", problems)}] ({error})", header);
                    Require(after.Length == before.Length, "the framer consumed octets of a bad header", header);
                    CheckError(error, header);
                    break;
                default:
                    Fail($"the framer returned status {status}", header);
                    break;
            }
        }

        /// <summary>RFC 4271 §6.1 (and RFC 2918, RFC 8654): the subcodes a 19-octet header deserves.</summary>
        private static List<byte> HeaderProblems(ReadOnlySpan<byte> header, CodecContext context)
        {
            var problems = new List<byte>(3);
            if (header[..BgpHeader.MarkerSize].ContainsAnyExcept((byte)0xFF))
            {
                problems.Add(HeaderSubcode.ConnectionNotSynchronized);
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(header[BgpHeader.MarkerSize..]);
            byte type = header[BgpHeader.MarkerSize + 2];
            (int min, int max) = type switch
            {
                1 => (29, 4096),                        // OPEN: never extended (RFC 8654 §4)
                2 => (23, context.MaxMessageSize),      // UPDATE
                3 => (21, context.MaxMessageSize),      // NOTIFICATION
                4 => (19, 19),                          // KEEPALIVE: header only
                5 => (19, context.MaxMessageSize),      // ROUTE-REFRESH: a wrong length is a ROUTE-REFRESH error (RFC 7313 §5), decided by the decoder
                _ => (19, context.MaxMessageSize),
            };
            if (type is < 1 or > 5)
            {
                problems.Add(HeaderSubcode.BadMessageType);
            }
            if (length < min || length > max)
            {
                problems.Add(HeaderSubcode.BadMessageLength);
            }
            return problems;
        }

        private static bool SameStart(ReadOnlySequence<byte> a, ReadOnlySequence<byte> b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }
            int n = (int)Math.Min(a.Length, BgpHeader.Size);
            return a.Slice(0, n).ToArray().AsSpan().SequenceEqual(b.Slice(0, n).ToArray());
        }

        /// <summary>
        /// One RFC 7606 action; a session reset carries a NOTIFICATION code 1..7 and its NOTIFICATION
        /// encodes within the negotiated size and decodes back; softer actions exist only for UPDATEs.
        /// </summary>
        private void CheckError(BgpError error, ReadOnlySpan<byte> wire)
        {
            Require(Enum.IsDefined(error.Action) && error.Action != ErrorAction.None,
                $"error action {(int)error.Action} is not one RFC 7606 action ({error.Reason})", wire);
            Require(error.Data is not null && !string.IsNullOrEmpty(error.Reason), "error without data array or reason", wire);
            _ = error.ToString();
            if (error.Action != ErrorAction.SessionReset)
            {
                Require(error.Code == ErrorCode.UpdateMessage,
                    $"a {error.Action} error outside an UPDATE ({error})", wire);
                return;
            }
            Require((byte)error.Code is >= 1 and <= 7, $"session reset with NOTIFICATION code {(byte)error.Code} ({error})", wire);
            var notification = error.ToNotification();
            byte[] bytes;
            try
            {
                bytes = MessageEncoder.ToBytes(notification, _context);
            }
            catch (Exception e)
            {
                throw new InvariantViolationException($"the NOTIFICATION for {error} does not encode: {e.Message}", e);
            }
            var back = DecodeOne(bytes, _context, "the NOTIFICATION for an error");
            Require(back is NotificationMessage n && n.Code == error.Code && n.Subcode == error.Subcode && n.Data.AsSpan().SequenceEqual(error.Data),
                $"the NOTIFICATION for {error} does not decode back", bytes);
        }
    }

    /// <summary>Frames and decodes one encoded message that must be exactly one valid message.</summary>
    private static BgpMessage DecodeOne(byte[] bytes, CodecContext context, string what)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var status = BgpFramer.TryReadFrame(ref buffer, context, out var frame, out var error);
        Require(status == FrameStatus.Frame && buffer.IsEmpty,
            $"{what} re-encoded to octets the framer does not take as one message ({status}, {error?.ToString() ?? $"{buffer.Length} octets left"})", bytes);
        var result = MessageDecoder.Decode(in frame, context);
        Require(result.Message is not null && result.Error is null,
            $"{what} re-encoded to a message that does not decode ({result.Error?.ToString() ?? "ignored"})", bytes);
        return result.Message!;
    }
}
