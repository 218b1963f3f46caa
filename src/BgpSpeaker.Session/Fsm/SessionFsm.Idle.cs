namespace BgpSpeaker.Session.Fsm;

/// <summary>Idle (RFC 4271 §8.2.2): refuse connections, wait for a start or for the IdleHoldTimer.</summary>
public sealed partial class SessionFsm
{
    private void OnIdle(SessionEvent e, DateTimeOffset now)
    {
        switch (e)
        {
            case SessionEvent.ManualStart:
                ManualStartFromIdle(now);
                break;
            case SessionEvent.AutomaticStart:
                AutomaticStartFromIdle(now);
                break;
            case SessionEvent.IdleHoldTimerExpires:
                IdleHoldTimerExpired(now);
                break;
            case SessionEvent.ManualStop:
                StopWhileIdle();
                break;
            default:
                break; // §8.2.2: any other event leaves Idle unchanged.
        }
    }

    /// <summary>An operator's start forgets earlier failures (§8.2.2 sets ConnectRetryCounter to 0).</summary>
    private void ManualStartFromIdle(DateTimeOffset now)
    {
        ConnectRetryCounter = 0;
        StartSession(now);
    }

    /// <summary>While the IdleHoldTimer runs the peer is being damped; its expiry starts the session.</summary>
    private void AutomaticStartFromIdle(DateTimeOffset now)
    {
        if (IdleHoldDeadline is null)
        {
            StartSession(now);
        }
    }

    /// <summary>The DampPeerOscillations restart (§8.1.3 event 13 acts as AutomaticStart).</summary>
    private void IdleHoldTimerExpired(DateTimeOffset now) => StartSession(now);

    /// <summary>Stopping a session that waits to restart cancels the restart.</summary>
    private void StopWhileIdle()
    {
        IdleHoldDeadline = null;
        ConnectRetryCounter = 0;
    }

    /// <summary>Connect (initiate TCP and listen), or Active when passive (listen only, no ConnectRetryTimer).</summary>
    private void StartSession(DateTimeOffset now)
    {
        IdleHoldDeadline = null;
        if (Settings.Passive)
        {
            State = SessionState.Active;
            return;
        }
        State = SessionState.Connect;
        StartConnectRetryTimer(now);
        Emit(new SessionAction.ConnectTcp());
    }
}
