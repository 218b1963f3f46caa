using BgpSpeaker.Session.Collision;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Transport;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Runtime;

/// <summary>
/// Connections: at most one belongs to the session; a second one from the peer during OpenSent or
/// OpenConfirm is a collision (RFC 4271 §6.8) decided by BGP identifier once the peer's is known.
/// </summary>
public sealed partial class PeerRunner
{
    private sealed record Slot(BgpConnection Connection, long Id, CancellationTokenSource Reading, ConnectionOrigin Origin)
    {
        /// <summary>
        /// Completed by the runner once the FSM has judged the peer's OPEN: true when it was accepted and
        /// the connection's codec is now the negotiated one. The read loop waits on it, so no frame after
        /// the OPEN is ever decoded with the pre-OPEN context (a peer may send KEEPALIVE and UPDATEs in the
        /// same segment as its OPEN).
        /// </summary>
        public TaskCompletionSource<bool> OpenJudged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Queue<Envelope> _deferred = new();
    private Slot? _current;
    private Slot? _established;
    private BgpConnection? _pendingInbound;
    private CancellationTokenSource? _connecting;
    private long _attempt;
    private long _connectionIds;

    private void StartConnecting()
    {
        if (_connector is null)
        {
            return;
        }
        _connecting?.Cancel();
        _connecting?.Dispose();
        _connecting = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        long attempt = ++_attempt;
        var token = _connecting.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                var transport = await _connector.ConnectAsync(token).ConfigureAwait(false);
                Post(new Envelope.OutboundConnected(new BgpConnection(transport), attempt));
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Post(new Envelope.OutboundFailed(attempt, e.Message));
            }
        }, CancellationToken.None);
    }

    private IReadOnlyList<SessionAction> Adopt(Envelope.OutboundConnected e, DateTimeOffset now)
    {
        if (e.AttemptId != _attempt || _current is not null || !Fsm.AcceptsConnections)
        {
            _ = e.Connection.DisposeAsync().AsTask(); // lost the race to an inbound connection, or a stop
            return [];
        }
        Attach(e.Connection, ConnectionOrigin.LocallyInitiated);
        return Fsm.Handle(new SessionEvent.TcpCrAcked(), now);
    }

    private IReadOnlyList<SessionAction> Inbound(BgpConnection connection, DateTimeOffset now)
    {
        if (_current is null && Fsm.AcceptsConnections)
        {
            CancelConnecting();
            Attach(connection, ConnectionOrigin.Accepted);
            return Fsm.Handle(new SessionEvent.TcpConnectionConfirmed(), now);
        }
        switch (Fsm.State)
        {
            case SessionState.OpenConfirm when Fsm.RemoteOpen is { } remote:
                return ResolveCollision(connection, remote);
            case SessionState.OpenSent or SessionState.OpenConfirm:
                // The peer's identifier is not known yet: keep the newcomer until its OPEN on the first connection arrives.
                _ = _pendingInbound?.DisposeAsync().AsTask();
                _pendingInbound = connection;
                return [];
            case SessionState.Established:
                Refuse(connection, "refused: session already established (RFC 4271 §6.8)", CollisionDecision.Notification());
                return [];
            default:
                Refuse(connection, $"refused: session is {Fsm.State}", null);
                return [];
        }
    }

    /// <summary>After each FSM step: a parked inbound connection is decided once we know the peer's identifier.</summary>
    private IReadOnlyList<SessionAction> SettlePendingInbound()
    {
        if (_pendingInbound is not { } pending)
        {
            return [];
        }
        if (Fsm.State == SessionState.OpenConfirm && Fsm.RemoteOpen is { } remote)
        {
            _pendingInbound = null;
            return ResolveCollision(pending, remote);
        }
        if (Fsm.State is SessionState.Idle or SessionState.Connect or SessionState.Active)
        {
            _pendingInbound = null;
            _deferred.Enqueue(new Envelope.InboundAccepted(pending)); // the first connection failed: take this one
        }
        return [];
    }

    private IReadOnlyList<SessionAction> ResolveCollision(BgpConnection inbound, OpenMessage remote)
    {
        var settings = Fsm.Settings;
        // Two accepted connections mean the peer gave up on the first one: the newcomer replaces it.
        var survivor = _current!.Origin == ConnectionOrigin.Accepted
            ? ConnectionOrigin.LocallyInitiated
            : CollisionResolver.Survivor(settings.LocalRouterId, remote.BgpIdentifier, settings.LocalAs, remote.AsNumber);
        if (survivor == _current.Origin)
        {
            Refuse(inbound, "closed: connection collision resolved for the existing connection", CollisionDecision.Notification());
            return [];
        }
        _observer.ConnectionNote(this, _current.Connection.RemoteEndPoint, "closed: connection collision resolved for the peer's connection");
        // Dump the current connection, then restart on the newcomer (Idle refuses connections, so start first).
        _deferred.Enqueue(new Envelope.Operator(new SessionEvent.ManualStart()));
        _deferred.Enqueue(new Envelope.InboundAccepted(inbound));
        return Fsm.Handle(new SessionEvent.OpenCollisionDump(), _time.GetUtcNow());
    }

    private void Refuse(BgpConnection connection, string why, NotificationMessage? notification)
    {
        _observer.ConnectionNote(this, connection.RemoteEndPoint, why);
        _ = Task.Run(async () =>
        {
            try
            {
                if (notification is not null)
                {
                    await connection.SendAsync(notification, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
            await connection.DisposeAsync().ConfigureAwait(false);
        });
    }

    private void Attach(BgpConnection connection, ConnectionOrigin origin)
    {
        var slot = new Slot(connection, ++_connectionIds, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token), origin);
        _current = slot;
        _ = Task.Run(() => ReadLoopAsync(slot));
    }

    /// <summary>Reads messages into the inbox; a full inbox pauses reading, which pauses the peer through TCP.</summary>
    private async Task ReadLoopAsync(Slot slot)
    {
        var token = slot.Reading.Token;
        try
        {
            while (true)
            {
                var e = await slot.Connection.ReadAsync(token).ConfigureAwait(false);
                await _inbox.Writer.WriteAsync(new Envelope.FromConnection(e ?? new SessionEvent.TcpConnectionFails(), slot.Id), token).ConfigureAwait(false);
                if (e is null or SessionEvent.BgpHeaderErr)
                {
                    return; // the stream ended, or framing is lost: nothing after this can be trusted
                }
                if (e is SessionEvent.BgpOpen)
                {
                    if (!await slot.OpenJudged.Task.WaitAsync(token).ConfigureAwait(false))
                    {
                        return; // refused: the FSM is closing this connection
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // I/O failures, and (a bug, never expected) anything the decoder let escape: either way this
            // connection is finished, and the FSM must hear so rather than wait for its hold timer.
            if (e is not (IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException))
            {
                _observer.ConnectionNote(this, slot.Connection.RemoteEndPoint, $"closed: internal error reading the connection: {e.GetType().Name}: {e.Message}");
            }
            _inbox.Writer.TryWrite(new Envelope.FromConnection(new SessionEvent.TcpConnectionFails(), slot.Id));
        }
    }

    private void CancelConnecting()
    {
        _attempt++; // an attempt still in flight is now stale
        _connecting?.Cancel();
    }

    private async ValueTask DropConnectionAsync()
    {
        CancelConnecting();
        if (_current is { } slot)
        {
            _current = null;
            _established = null;
            slot.OpenJudged.TrySetResult(false);
            await slot.Reading.CancelAsync().ConfigureAwait(false);
            await slot.Connection.DisposeAsync().ConfigureAwait(false);
            slot.Reading.Dispose();
        }
    }

    private async ValueTask CloseAllAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
        if (_pendingInbound is { } pending)
        {
            _pendingInbound = null;
            await pending.DisposeAsync().ConfigureAwait(false);
        }
        _connecting?.Dispose();
    }
}
