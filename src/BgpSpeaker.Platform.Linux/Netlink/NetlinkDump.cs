using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>Receives each message of a dump, in order.</summary>
public interface INetlinkDumpHandler
{
    void OnMessage(in NetlinkMessage message);
}

/// <summary>How a dump ended: 0 when NLMSG_DONE arrived cleanly, otherwise the errno.</summary>
/// <param name="Interrupted">The kernel flagged NLM_F_DUMP_INTR: the table changed while it was read, so the caller should dump again.</param>
/// <param name="Malformed">Datagrams or messages that could not be framed and were skipped.</param>
public readonly record struct NetlinkDumpResult(int Errno, bool Interrupted, int Messages, int Malformed)
{
    public bool IsComplete => Errno == 0 && !Interrupted;
}

/// <summary>
/// A multi-part dump: one request with NLM_F_DUMP, answered by datagrams of NLM_F_MULTI messages and
/// ended by NLMSG_DONE (or NLMSG_ERROR) carrying the request's sequence number.
/// <code>
///  us ── GET (REQUEST|DUMP, seq n) ─►  kernel
///     ◄─ [msg msg msg] (MULTI, seq n)
///     ◄─ [msg msg]     (MULTI, seq n)
///     ◄─ DONE (int32 error, seq n)
/// </code>
/// The kernel builds the next datagram while we receive, so a blocking receive never waits long;
/// a bounded wait still guards against a dump that never ends.
/// </summary>
public static class NetlinkDump
{
    private const int WaitMilliseconds = 10_000;

    /// <summary>Writes a dump request (family header only, all zero but the family byte) and returns its sequence.</summary>
    public static uint WriteRequest(NetlinkWriter writer, NetlinkSocket socket, ushort type, int familyHeaderSize, byte family)
    {
        uint sequence = socket.NextSequence();
        int start = writer.BeginMessage(type, NetlinkFlags.Request | NetlinkFlags.Dump, sequence);
        writer.AppendZeroed(familyHeaderSize)[0] = family;
        writer.EndMessage(start);
        return sequence;
    }

    /// <summary>Sends <paramref name="request"/> and feeds every reply message to <paramref name="handler"/>.</summary>
    public static NetlinkDumpResult Run<THandler>(NetlinkSocket socket, ReadOnlySpan<byte> request, uint sequence, THandler handler, byte[] buffer)
        where THandler : INetlinkDumpHandler
    {
        int sendError = socket.Send(request);
        if (sendError != 0)
        {
            return new NetlinkDumpResult(sendError, false, 0, 0);
        }
        int messages = 0, malformed = 0;
        bool interrupted = false;
        while (true)
        {
            if (!socket.WaitReadable(WaitMilliseconds))
            {
                return new NetlinkDumpResult(Errno.ETIMEDOUT, interrupted, messages, malformed);
            }
            var received = socket.Receive(buffer);
            if (!received.IsSuccess)
            {
                return new NetlinkDumpResult(received.Errno, interrupted, messages, malformed);
            }
            malformed += received.Truncated ? 1 : 0;
            var reader = new NetlinkMessageReader(buffer.AsSpan(0, received.Length));
            while (reader.TryRead(out var message))
            {
                if (message.Header.Sequence != sequence)
                {
                    continue; // a late answer to something else: not part of this dump
                }
                interrupted |= (message.Header.Flags & NetlinkFlags.DumpInterrupted) != 0;
                switch (message.Header.Type)
                {
                    case NetlinkMessageType.Done:
                        return new NetlinkDumpResult(DoneError(message.Payload), interrupted, messages, malformed);
                    case NetlinkMessageType.Error:
                        int errno = NetlinkAck.TryDecode(message, out var ack) ? ack.Errno : Errno.EINVAL;
                        return new NetlinkDumpResult(errno == 0 ? Errno.EINVAL : errno, interrupted, messages, malformed);
                    case NetlinkMessageType.Noop:
                        break;
                    default:
                        messages++;
                        handler.OnMessage(message);
                        break;
                }
            }
            malformed += reader.Malformed ? 1 : 0;
        }
    }

    /// <summary>NLMSG_DONE carries an int32: 0, or a negative errno when the dump failed part-way.</summary>
    private static int DoneError(ReadOnlySpan<byte> payload) =>
        payload.Length >= 4 ? Math.Max(0, -BinaryPrimitives.ReadInt32LittleEndian(payload)) : 0;
}
