using System.Buffers;
using System.IO.Pipelines;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Transport;

/// <summary>
/// Turns a transport into FSM events and sends messages on it. Reading: PipeReader → framer → decoder,
/// consuming only whole messages so partial input costs nothing. Writing: encoder → PipeWriter, whose
/// flush waits while the peer is not reading, so a slow peer stalls its own sender instead of growing
/// our buffers.
/// </summary>
public sealed class BgpConnection(IBgpTransport transport) : IAsyncDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _aborted = new();

    /// <summary>Fails every send in progress or to come, e.g. a flush stuck on a peer that never reads.</summary>
    public void Abort() => _aborted.Cancel();

    /// <summary>The codec context; switched to the negotiated one when the session is established.</summary>
    public CodecContext Context { get; set; } = CodecContext.Initial;

    public string RemoteEndPoint => transport.RemoteEndPoint;

    public System.Net.IPAddress? LocalAddress => transport.LocalAddress;

    /// <summary>Tells the transport that its session is Established.</summary>
    public void SessionEstablished() => transport.SessionEstablished();

    /// <summary>Reads until the next message worth an FSM event; null when the peer closed the stream.</summary>
    public async ValueTask<SessionEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        var input = transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = BgpFramer.TryReadFrame(ref buffer, Context, out var frame, out var headerError);
            switch (status)
            {
                case FrameStatus.Frame:
                    var decoded = MessageDecoder.Decode(frame, Context); // copies the body out of the pipe
                    input.AdvanceTo(buffer.Start);
                    if (ToEvent(frame.Type, decoded) is { } message)
                    {
                        return message;
                    }
                    continue;
                case FrameStatus.Error:
                    input.AdvanceTo(result.Buffer.End);
                    return new SessionEvent.BgpHeaderErr(headerError!);
                default:
                    input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        return null;
                    }
                    continue;
            }
        }
    }

    /// <summary>Maps a decoded message to its RFC 4271 §8.1 event; null for one to ignore.</summary>
    internal static SessionEvent? ToEvent(MessageType type, DecodeResult decoded) => (type, decoded.Message, decoded.Error) switch
    {
        (_, OpenMessage open, _) => new SessionEvent.BgpOpen(open),
        (_, UpdateMessage update, _) => new SessionEvent.UpdateMsg(update),
        (_, NotificationMessage { Code: ErrorCode.OpenMessage, Subcode: OpenSubcode.UnsupportedVersion } n, _) => new SessionEvent.NotifMsgVerErr(n),
        (_, NotificationMessage n, _) => new SessionEvent.NotifMsg(n),
        (_, KeepaliveMessage, _) => new SessionEvent.KeepAliveMsg(),
        (_, RouteRefreshMessage refresh, _) => new SessionEvent.RouteRefreshMsg(refresh),
        (MessageType.Open, null, { } error) => new SessionEvent.BgpOpenMsgErr(error),
        (MessageType.Update, null, { } error) => new SessionEvent.UpdateMsgErr(error),
        (_, null, { } error) => new SessionEvent.BgpHeaderErr(error),
        _ => null, // RFC 7313 §5: a ROUTE-REFRESH with an unknown subtype is ignored
    };

    public ValueTask SendAsync(BgpMessage message, CancellationToken cancellationToken) =>
        WriteAsync(output => MessageEncoder.Write(output, message, Context), cancellationToken);

    /// <summary>Sends UPDATEs already encoded for this session's context (the export path packs them).</summary>
    public ValueTask SendEncodedUpdatesAsync(ReadOnlyMemory<byte> updates, int count, CancellationToken cancellationToken) =>
        WriteAsync(output => output.Write(updates.Span), cancellationToken);

    /// <summary>One writer at a time; the flush waits while the peer does not read, until <see cref="Abort"/>.</summary>
    private async ValueTask WriteAsync(Action<PipeWriter> write, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        try
        {
            await _writeLock.WaitAsync(linked.Token).ConfigureAwait(false);
            try
            {
                write(transport.Output);
                await transport.Output.FlushAsync(linked.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException("connection aborted");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _aborted.Cancel();
        await transport.DisposeAsync().ConfigureAwait(false);
        _aborted.Dispose();
    }
}
