namespace BgpSpeaker.Session.Fsm;

/// <summary>
/// Settings a running session takes in place: they steer only how the next connection is made or how
/// long a failed session waits (passive, connect retry, delay open, idle hold). Anything the peer sees
/// in our OPEN or the transport needs a new session, which the caller decides.
/// </summary>
public sealed partial class SessionFsm
{
    private void Reconfigure(PeerSettings next, DateTimeOffset now)
    {
        bool becamePassive = next.Passive && !Settings.Passive;
        bool becameActive = !next.Passive && Settings.Passive;
        Settings = Settings with
        {
            Passive = next.Passive,
            ConnectRetryTime = next.ConnectRetryTime,
            DelayOpen = next.DelayOpen,
            DelayOpenTime = next.DelayOpenTime,
            IdleHoldTime = next.IdleHoldTime,
            IdleHoldTimeMax = next.IdleHoldTimeMax,
        };
        if (becamePassive && State == SessionState.Connect && DelayOpenDeadline is null)
        {
            // Stop connecting out; keep listening (Active).
            Emit(new SessionAction.DropTcp());
            ConnectRetryDeadline = null;
            State = SessionState.Active;
        }
        else if (becameActive && State == SessionState.Active && DelayOpenDeadline is null)
        {
            State = SessionState.Connect;
            StartConnectRetryTimer(now);
            Emit(new SessionAction.ConnectTcp());
        }
    }
}
