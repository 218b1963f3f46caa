namespace BgpSpeaker.Session.Fsm;

/// <summary>
/// Connect and Active (RFC 4271 §8.2.2): waiting for a TCP connection, and with DelayOpen (§8.1.1)
/// holding one while the peer gets the chance to send its OPEN first.
/// </summary>
public sealed partial class SessionFsm
{
    private void OnConnecting(SessionEvent e, DateTimeOffset now)
    {
        switch (e)
        {
            case SessionEvent.ManualStart or SessionEvent.AutomaticStart or SessionEvent.UpdateSent:
                break; // already started
            case SessionEvent.ManualStop stop:
                ManualStop(stop.Notification, now);
                break;
            case SessionEvent.AutomaticStop stop:
                AutomaticStop(stop.Notification, stop.RestartAfter, now);
                break;
            case SessionEvent.ConnectRetryTimerExpires:
                RetryConnect(now);
                break;
            case SessionEvent.DelayOpenTimerExpires:
                SendOpenAndWait(now);
                break;
            case SessionEvent.TcpConnectionConfirmed or SessionEvent.TcpCrAcked:
                ConnectionUp(now);
                break;
            case SessionEvent.TcpConnectionFails:
                ConnectFailed(now);
                break;
            case SessionEvent.BgpOpen open when DelayOpenDeadline is not null:
                AcceptOpen(open.Open, now, sendOpenFirst: true);
                break;
            case SessionEvent.BgpHeaderErr error:
                MessageError(error.Error, now);
                break;
            case SessionEvent.BgpOpenMsgErr error:
                MessageError(error.Error, now);
                break;
            case SessionEvent.NotifMsgVerErr n:
                PeerNotified(n.Notification, now, countFailure: false);
                break;
            case SessionEvent.NotifMsg n:
                PeerNotified(n.Notification, now, countFailure: true);
                break;
            default:
                UnexpectedBeforeOpen(e, now);
                break;
        }
    }

    /// <summary>ConnectRetryTimer expiry: abandon a pending attempt and try again (§8.2.2 Connect, Active).</summary>
    private void RetryConnect(DateTimeOffset now)
    {
        if (State == SessionState.Connect)
        {
            Emit(new SessionAction.DropTcp());
        }
        DelayOpenDeadline = null;
        State = SessionState.Connect;
        StartConnectRetryTimer(now);
        Emit(new SessionAction.ConnectTcp());
    }

    /// <summary>
    /// A connection came up (either direction). When it is inbound while we are in Connect, the driver
    /// abandons its own attempt. A second connection while DelayOpen holds one is the driver's collision case.
    /// </summary>
    private void ConnectionUp(DateTimeOffset now)
    {
        if (DelayOpenDeadline is not null)
        {
            return;
        }
        ConnectRetryDeadline = null;
        if (Settings.DelayOpen)
        {
            DelayOpenDeadline = now + Settings.DelayOpenTime;
            return;
        }
        SendOpenAndWait(now);
    }

    /// <summary>Send our OPEN and give the peer the large hold time to answer (§8.2.2: 4 minutes suggested).</summary>
    private void SendOpenAndWait(DateTimeOffset now)
    {
        DelayOpenDeadline = null;
        ConnectRetryDeadline = null;
        Emit(new SessionAction.SendOpen(LocalOpen));
        HoldDeadline = now + PeerSettings.OpenSentHoldTime;
        State = SessionState.OpenSent;
    }

    /// <summary>Deviation (see class remarks): retry from Active rather than damping in Idle.</summary>
    private void ConnectFailed(DateTimeOffset now)
    {
        if (DelayOpenDeadline is not null)
        {
            Emit(new SessionAction.DropTcp());
        }
        DelayOpenDeadline = null;
        State = SessionState.Active;
        StartConnectRetryTimer(now);
    }

    /// <summary>§8.2.2 "any other event" in Connect/Active: drop the connection and go Idle (no NOTIFICATION; RFC 6608 has no subcode here).</summary>
    private void UnexpectedBeforeOpen(SessionEvent e, DateTimeOffset now) =>
        GoDown(new DownReason(DownKind.FsmError, now, State, Detail: $"received {MessageName(e)} in {State}"),
            countFailure: true, restart: true, send: null);

    private static string MessageName(SessionEvent e) => e switch
    {
        SessionEvent.BgpOpen or SessionEvent.BgpOpenMsgErr => "OPEN",
        SessionEvent.KeepAliveMsg => "KEEPALIVE",
        SessionEvent.UpdateMsg or SessionEvent.UpdateMsgErr => "UPDATE",
        SessionEvent.RouteRefreshMsg => "ROUTE-REFRESH",
        SessionEvent.NotifMsg or SessionEvent.NotifMsgVerErr => "NOTIFICATION",
        SessionEvent.OpenCollisionDump => "a collision dump",
        _ => e.GetType().Name,
    };
}
