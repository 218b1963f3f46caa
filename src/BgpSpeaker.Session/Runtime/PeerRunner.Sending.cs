using System.Threading.Channels;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Runtime;

/// <summary>
/// The send queue: the routing core hands over encoded UPDATEs and goes on at once; a task per runner
/// writes them as fast as this peer reads. A peer that stops reading therefore delays only itself,
/// and once more than <see cref="MaxQueuedBytes"/> wait for it, it is dropped with Cease/Out of
/// Resources (RFC 4486) rather than allowed to grow our memory.
/// </summary>
public sealed partial class PeerRunner
{
    private readonly record struct Outgoing(ReadOnlyMemory<byte> Updates, int Count, long ConnectionId);

    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private long _queuedBytes;
    private long _overflowedConnection = -1;

    /// <summary>How many encoded octets may wait for this peer; a full IPv4 table is about 5 MB.</summary>
    public long MaxQueuedBytes { get; init; } = 64L * 1024 * 1024;

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>
    /// Queues UPDATEs encoded with the session's codec. Returns false when the session is not
    /// established (the routes go out in full on the next session) or the peer is too far behind.
    /// </summary>
    public ValueTask<bool> SendUpdatesAsync(ReadOnlyMemory<byte> updates, int count, CancellationToken cancellationToken)
    {
        if (_established is not { } connection)
        {
            return ValueTask.FromResult(false);
        }
        if (Interlocked.Add(ref _queuedBytes, updates.Length) > MaxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -updates.Length);
            if (Interlocked.Exchange(ref _overflowedConnection, connection.Id) != connection.Id)
            {
                connection.Connection.Abort(); // unblocks writes stuck on the full socket, ours and the runner's
                Post(new Envelope.Operator(new SessionEvent.AutomaticStop(new NotificationMessage(ErrorCode.Cease, CeaseSubcode.OutOfResources, []))));
                _observer.ConnectionNote(this, connection.Connection.RemoteEndPoint, $"dropped: more than {MaxQueuedBytes} octets of UPDATEs wait for a peer that does not read");
            }
            return ValueTask.FromResult(false);
        }
        _outgoing.Writer.TryWrite(new Outgoing(updates, count, connection.Id));
        return ValueTask.FromResult(true);
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await SendQueuedAsync(item, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _queuedBytes, -item.Updates.Length);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes one queued item if its connection is still the established one; items of a closed session are dropped.</summary>
    private async ValueTask SendQueuedAsync(Outgoing item, CancellationToken cancellationToken)
    {
        if (_established is not { } connection || connection.Id != item.ConnectionId)
        {
            return;
        }
        try
        {
            await connection.Connection.SendEncodedUpdatesAsync(item.Updates, item.Count, cancellationToken).ConfigureAwait(false);
            Sent.Count(Wire.Framing.MessageType.Update, item.Count);
            Post(new Envelope.UpdatesSent(item.ConnectionId));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The read side sees the broken connection and tells the FSM.
        }
    }
}
