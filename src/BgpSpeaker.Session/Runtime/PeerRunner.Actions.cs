using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Runtime;

/// <summary>Carrying out what the FSM decided.</summary>
public sealed partial class PeerRunner
{
    private async ValueTask ExecuteAsync(IReadOnlyList<SessionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            switch (action)
            {
                case SessionAction.ConnectTcp:
                    StartConnecting();
                    break;
                case SessionAction.DropTcp:
                    await DropConnectionAsync().ConfigureAwait(false);
                    break;
                case SessionAction.SendOpen open:
                    await SendAsync(open.Open, cancellationToken).ConfigureAwait(false);
                    break;
                case SessionAction.SendKeepalive:
                    await SendAsync(KeepaliveMessage.Instance, cancellationToken).ConfigureAwait(false);
                    break;
                case SessionAction.SendNotification notification:
                    await SendAsync(notification.Notification, cancellationToken).ConfigureAwait(false);
                    break;
                case SessionAction.Established established:
                    await OnEstablishedAsync(established, cancellationToken).ConfigureAwait(false);
                    break;
                case SessionAction.Down down:
                    await OnDownAsync(down, cancellationToken).ConfigureAwait(false);
                    break;
                case SessionAction.DeliverUpdate update:
                    await _observer.UpdateReceivedAsync(this, update.Update, cancellationToken).ConfigureAwait(false);
                    break;
                case SessionAction.DeliverRouteRefresh refresh:
                    await _observer.RouteRefreshReceivedAsync(this, refresh.Message, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async ValueTask SendAsync(BgpMessage message, CancellationToken cancellationToken)
    {
        if (_current is not { } current)
        {
            return;
        }
        try
        {
            await current.Connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
            Sent.Count(message);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The socket broke under us: the FSM learns it as a connection failure.
            Post(new Envelope.FromConnection(new SessionEvent.TcpConnectionFails(), current.Id));
        }
    }

    private async ValueTask OnEstablishedAsync(SessionAction.Established established, CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            current.Connection.SessionEstablished(); // the codec switched when the OPEN was accepted
            _established = current;
        }
        await _observer.EstablishedAsync(this, established.Session, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask OnDownAsync(SessionAction.Down down, CancellationToken cancellationToken)
    {
        _established = null;
        if (down.Reason.WasEstablished)
        {
            Flaps++;
        }
        await _observer.DownAsync(this, down.Reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Feeds one inbox message to the FSM (or to connection bookkeeping first).</summary>
    private IReadOnlyList<SessionAction> Handle(Envelope envelope)
    {
        var now = _time.GetUtcNow();
        var before = Fsm.State;
        var actions = envelope switch
        {
            Envelope.FromConnection e when e.ConnectionId == _current?.Id => FromCurrentConnection(e.Event, now),
            Envelope.FromConnection => [], // from a connection already closed
            Envelope.Operator e => Fsm.Handle(e.Event, now),
            Envelope.UpdatesSent e when e.ConnectionId == _current?.Id => Fsm.Handle(new SessionEvent.UpdateSent(), now),
            Envelope.OutboundConnected e => Adopt(e, now),
            Envelope.OutboundFailed e when e.AttemptId == _attempt => ConnectFailed(e.Why, now),
            Envelope.InboundAccepted e => Inbound(e.Connection, now),
            _ => [],
        };
        if (Fsm.State != before)
        {
            _observer.StateChanged(this, before, Fsm.State);
        }
        var settled = SettlePendingInbound();
        return settled.Count == 0 ? actions : [.. actions, .. settled];
    }

    /// <summary>Our connection attempt failed: the operator hears why (the observer counts repeats), the FSM retries.</summary>
    private IReadOnlyList<SessionAction> ConnectFailed(string why, DateTimeOffset now)
    {
        _observer.ConnectionNote(this, "outbound", $"connect failed: {why}");
        return Fsm.Handle(new SessionEvent.TcpConnectionFails(), now);
    }

    /// <summary>A timer fired: the FSM acts on every deadline that has passed.</summary>
    private IReadOnlyList<SessionAction> Tick()
    {
        var before = Fsm.State;
        var actions = Fsm.Tick(_time.GetUtcNow());
        if (Fsm.State != before)
        {
            _observer.StateChanged(this, before, Fsm.State);
        }
        return actions;
    }

    private IReadOnlyList<SessionAction> FromCurrentConnection(SessionEvent e, DateTimeOffset now)
    {
        var slot = _current!;
        var actions = Fsm.Handle(Count(e), now);
        if (e is SessionEvent.BgpOpen)
        {
            // Accepted means OpenConfirm on this same connection; the read loop resumes with the negotiated codec.
            bool accepted = Fsm.State == SessionState.OpenConfirm;
            if (accepted)
            {
                slot.Connection.Context = Fsm.Codec;
            }
            slot.OpenJudged.TrySetResult(accepted);
        }
        return actions;
    }

    private SessionEvent Count(SessionEvent e)
    {
        var type = e switch
        {
            SessionEvent.BgpOpen => Wire.Framing.MessageType.Open,
            SessionEvent.UpdateMsg => Wire.Framing.MessageType.Update,
            SessionEvent.NotifMsg or SessionEvent.NotifMsgVerErr => Wire.Framing.MessageType.Notification,
            SessionEvent.KeepAliveMsg => Wire.Framing.MessageType.Keepalive,
            SessionEvent.RouteRefreshMsg => Wire.Framing.MessageType.RouteRefresh,
            _ => (Wire.Framing.MessageType)0,
        };
        var notification = e switch
        {
            SessionEvent.NotifMsg n => n.Notification,
            SessionEvent.NotifMsgVerErr v => v.Notification,
            _ => null,
        };
        if (notification is not null)
        {
            Received.Count(notification);
        }
        else
        {
            Received.Count(type);
        }
        return e;
    }
}
