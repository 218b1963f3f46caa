using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Fsm;

/// <summary>OpenConfirm and Established (RFC 4271 §8.2.2).</summary>
public sealed partial class SessionFsm
{
    private void OnOpenConfirm(SessionEvent e, DateTimeOffset now)
    {
        switch (e)
        {
            case SessionEvent.KeepaliveTimerExpires:
                SendKeepalive(now);
                break;
            case SessionEvent.TcpConnectionFails:
                ConnectionClosed(now);
                break;
            case SessionEvent.KeepAliveMsg:
                EnterEstablished(now);
                break;
            case SessionEvent.BgpOpen or SessionEvent.UpdateMsg or SessionEvent.UpdateMsgErr or SessionEvent.RouteRefreshMsg:
                Unexpected(e, now); // an OPEN here is on the same connection: collisions span two (§6.8)
                break;
            default:
                OnConnectedCommon(e, now);
                break;
        }
    }

    private void OnEstablished(SessionEvent e, DateTimeOffset now)
    {
        switch (e)
        {
            case SessionEvent.KeepaliveTimerExpires:
                SendKeepalive(now);
                break;
            case SessionEvent.UpdateSent:
                UpdateWasSent(now);
                break;
            case SessionEvent.TcpConnectionFails:
                ConnectionClosed(now);
                break;
            case SessionEvent.KeepAliveMsg:
                RestartHoldTimer(now);
                break;
            case SessionEvent.UpdateMsg update:
                UpdateReceived(update, now);
                break;
            case SessionEvent.UpdateMsgErr error:
                MessageError(error.Error, now);
                break;
            case SessionEvent.RouteRefreshMsg refresh:
                RouteRefreshReceived(refresh, now);
                break;
            case SessionEvent.BgpOpen or SessionEvent.BgpOpenMsgErr:
                Unexpected(e, now);
                break;
            default:
                OnConnectedCommon(e, now);
                break;
        }
    }

    private void SendKeepalive(DateTimeOffset now)
    {
        Emit(new SessionAction.SendKeepalive());
        RestartKeepaliveTimer(now);
    }

    /// <summary>§10: sending an UPDATE restarts the KeepaliveTimer too.</summary>
    private void UpdateWasSent(DateTimeOffset now)
    {
        if (KeepaliveDeadline is not null)
        {
            RestartKeepaliveTimer(now);
        }
    }

    private void EnterEstablished(DateTimeOffset now)
    {
        RestartHoldTimer(now);
        State = SessionState.Established;
        EstablishedAt = now;
        Emit(new SessionAction.Established(Negotiated!));
    }

    private void UpdateReceived(SessionEvent.UpdateMsg update, DateTimeOffset now)
    {
        RestartHoldTimer(now);
        Emit(new SessionAction.DeliverUpdate(update.Update));
    }

    /// <summary>
    /// Any message proves the peer alive. A refresh for a family that was not negotiated, or from a peer
    /// that never advertised the capability, is ignored (RFC 2918 §4, RFC 7313 §5); so are the
    /// Beginning/End-of-RIB-Refresh markers without enhanced route refresh.
    /// </summary>
    private void RouteRefreshReceived(SessionEvent.RouteRefreshMsg refresh, DateTimeOffset now)
    {
        RestartHoldTimer(now);
        var message = refresh.Message;
        if (Negotiated is { RouteRefresh: true } n && n.Families.Contains(message.Family)
            && (message.Subtype == RouteRefreshSubtype.Request || n.EnhancedRouteRefresh))
        {
            Emit(new SessionAction.DeliverRouteRefresh(refresh.Message));
        }
    }
}
