namespace BgpSpeaker.Session.Fsm;

/// <summary>Events handled alike in OpenSent, OpenConfirm and Established (RFC 4271 §8.2.2).</summary>
public sealed partial class SessionFsm
{
    private void OnConnectedCommon(SessionEvent e, DateTimeOffset now)
    {
        switch (e)
        {
            case SessionEvent.ManualStop stop:
                ManualStop(stop.Notification, now);
                break;
            case SessionEvent.AutomaticStop stop:
                AutomaticStop(stop.Notification, stop.RestartAfter, now);
                break;
            case SessionEvent.HoldTimerExpires:
                HoldTimerExpired(now);
                break;
            case SessionEvent.BgpHeaderErr error:
                MessageError(error.Error, now);
                break;
            case SessionEvent.BgpOpenMsgErr error:
                MessageError(error.Error, now);
                break;
            case SessionEvent.OpenCollisionDump:
                CollisionDump(now);
                break;
            case SessionEvent.NotifMsgVerErr n:
                PeerNotified(n.Notification, now, countFailure: false);
                break;
            case SessionEvent.NotifMsg n:
                PeerNotified(n.Notification, now, countFailure: true);
                break;
            default:
                // Starts, and a second connection (TcpConnectionConfirmed/TcpCrAcked): the driver tracks
                // that one for collision resolution (§6.8); this connection carries on.
                break;
        }
    }

    private void OnOpenSent(SessionEvent e, DateTimeOffset now)
    {
        switch (e)
        {
            case SessionEvent.TcpConnectionFails:
                ConnectionLostBeforeOpen(now);
                break;
            case SessionEvent.BgpOpen open:
                AcceptOpen(open.Open, now, sendOpenFirst: false);
                break;
            case SessionEvent.KeepAliveMsg or SessionEvent.UpdateMsg or SessionEvent.UpdateMsgErr or SessionEvent.RouteRefreshMsg:
                Unexpected(e, now);
                break;
            default:
                OnConnectedCommon(e, now);
                break;
        }
    }

    /// <summary>OpenSent, TcpConnectionFails: §8.2.2 goes back to Active and keeps trying.</summary>
    private void ConnectionLostBeforeOpen(DateTimeOffset now)
    {
        var reason = new DownReason(DownKind.TcpConnectionFailed, now, State);
        Emit(new SessionAction.DropTcp());
        Record(reason);
        ClearTimers();
        State = SessionState.Active;
        StartConnectRetryTimer(now);
    }
}
