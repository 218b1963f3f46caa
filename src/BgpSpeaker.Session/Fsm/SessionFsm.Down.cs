using BgpSpeaker.Session.Collision;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Fsm;

/// <summary>Every way down to Idle, and the idle hold back-off (RFC 4271 §8.1.1 DampPeerOscillations).</summary>
public sealed partial class SessionFsm
{
    /// <summary>Operator stop: Cease (Administrative Shutdown unless told otherwise), no restart, back-off forgotten.</summary>
    private void ManualStop(NotificationMessage? notification, DateTimeOffset now)
    {
        SendCease(notification ?? DefaultStopNotification(), now, countFailure: false, restart: false);
        ConnectRetryCounter = 0;
    }

    /// <summary>Local stop (max-prefix, configuration change): Cease, then restart after the idle hold time or <paramref name="restartAfter"/>.</summary>
    private void AutomaticStop(NotificationMessage? notification, TimeSpan? restartAfter, DateTimeOffset now)
    {
        SendCease(notification ?? DefaultStopNotification(), now, countFailure: true, restart: true);
        if (restartAfter is { } after)
        {
            IdleHoldDeadline = now + after;
        }
    }

    private static NotificationMessage DefaultStopNotification() =>
        new(ErrorCode.Cease, CeaseSubcode.AdministrativeShutdown, []);

    private void SendCease(NotificationMessage notification, DateTimeOffset now, bool countFailure, bool restart)
    {
        bool sent = IsConnected; // without a connection there is no one to tell
        var reason = new DownReason(DownReason.KindOfStop(notification), now, State, sent ? notification : null);
        GoDown(reason, countFailure, restart, sent ? notification : null);
    }

    private void HoldTimerExpired(DateTimeOffset now)
    {
        var notification = new NotificationMessage(ErrorCode.HoldTimerExpired, 0, []);
        GoDown(new DownReason(DownKind.HoldTimerExpired, now, State, notification), countFailure: true, restart: true, notification);
    }

    /// <summary>A malformed or unacceptable message: its NOTIFICATION is built in one place (<see cref="BgpError.ToNotification"/>).</summary>
    private void MessageError(BgpError error, DateTimeOffset now)
    {
        var notification = error.ToNotification();
        GoDown(new DownReason(DownKind.NotificationSent, now, State, notification, error.Reason), countFailure: true, restart: true, notification);
    }

    /// <summary>RFC 6608: an unexpected message gets FSM Error with the subcode of the state it arrived in.</summary>
    private void Unexpected(SessionEvent e, DateTimeOffset now)
    {
        byte subcode = State switch
        {
            SessionState.OpenSent => FsmSubcode.UnexpectedInOpenSent,
            SessionState.OpenConfirm => FsmSubcode.UnexpectedInOpenConfirm,
            SessionState.Established => FsmSubcode.UnexpectedInEstablished,
            _ => FsmSubcode.Unspecified,
        };
        var notification = new NotificationMessage(ErrorCode.FiniteStateMachine, subcode, []);
        var reason = new DownReason(DownKind.FsmError, now, State, notification, $"received {MessageName(e)}");
        GoDown(reason, countFailure: true, restart: true, notification);
    }

    /// <param name="countFailure">False for a version error (§8.2.2 event 24 does not count it).</param>
    private void PeerNotified(NotificationMessage notification, DateTimeOffset now, bool countFailure)
    {
        var reason = new DownReason(DownKind.NotificationReceived, now, State, notification);
        if (IsAdministrativeReset(notification))
        {
            // Not an oscillation: the peer's operator ended a working session on purpose. The session
            // worked, so the failures before it are forgotten (the next error waits the initial idle
            // hold again), and the peer may come back at once.
            GoDown(reason, countFailure: false, restart: true, send: null);
            ConnectRetryCounter = 0;
            IdleHoldDeadline = now;
            return;
        }
        GoDown(reason, countFailure, restart: true, send: null);
    }

    /// <summary>
    /// A Cease for an administrative action on the peer's side (RFC 4486 subcodes 2 Administrative
    /// Shutdown, 3 Peer De-configured, 4 Administrative Reset, 6 Other Configuration Change: what
    /// <c>clear bgp</c>, <c>neighbor shutdown</c> or a configuration change send) ending an Established
    /// session. The same Cease before Established keeps the back-off: a peer that refuses us at every
    /// OPEN must still be damped, and its failure count stands.
    /// </summary>
    private bool IsAdministrativeReset(NotificationMessage notification) =>
        State == SessionState.Established
        && notification.Code == ErrorCode.Cease
        && notification.Subcode is CeaseSubcode.AdministrativeShutdown or CeaseSubcode.PeerDeconfigured
            or CeaseSubcode.AdministrativeReset or CeaseSubcode.OtherConfigurationChange;

    /// <summary>The link is gone: drop now, count nothing, and wait (Idle, no restart) for the driver's start.</summary>
    private void LinkDown(string why, DateTimeOffset now)
    {
        if (State == SessionState.Idle)
        {
            IdleHoldDeadline = null;
            return;
        }
        GoDown(new DownReason(DownKind.LinkDown, now, State, Detail: why), countFailure: false, restart: false, send: null);
    }

    private void CollisionDump(DateTimeOffset now)
    {
        var notification = CollisionDecision.Notification();
        GoDown(new DownReason(DownKind.CollisionResolution, now, State, notification), countFailure: false, restart: false, notification);
    }

    /// <summary>The connection broke after OPENs were exchanged (§8.2.2 OpenConfirm/Established event 18).</summary>
    private void ConnectionClosed(DateTimeOffset now) =>
        GoDown(new DownReason(DownKind.TcpConnectionClosed, now, State), countFailure: true, restart: true, send: null);

    /// <summary>
    /// The one way to Idle: NOTIFICATION (if any), close, report, then arm the restart. Actions come in
    /// the order the driver must perform them: the NOTIFICATION must leave before the socket closes.
    /// </summary>
    private void GoDown(DownReason reason, bool countFailure, bool restart, NotificationMessage? send)
    {
        if (send is not null)
        {
            Emit(new SessionAction.SendNotification(send));
        }
        Emit(new SessionAction.DropTcp());
        Record(reason);
        if (countFailure)
        {
            CountFailure(reason.At);
        }
        ClearTimers();
        Negotiated = null;
        EstablishedAt = null;
        State = SessionState.Idle;
        if (restart)
        {
            IdleHoldDeadline = reason.At + BackOffIdleHoldTime;
        }
    }

    private void Record(DownReason reason)
    {
        LastDown = reason;
        if (reason.WasEstablished)
        {
            LastSessionDown = reason;
        }
        Emit(new SessionAction.Down(reason));
    }

    /// <summary>
    /// A session that stayed Established for <see cref="PeerSettings.IdleHoldResetAfter"/> was stable,
    /// so its failure is the first of a new series rather than one more oscillation.
    /// </summary>
    private void CountFailure(DateTimeOffset now)
    {
        if (EstablishedAt is { } since && now - since >= Settings.IdleHoldResetAfter)
        {
            ConnectRetryCounter = 0;
        }
        ConnectRetryCounter++;
    }

    /// <summary>
    /// The idle hold for the current <see cref="ConnectRetryCounter"/>: initial × 2^(failures − 1), capped
    /// at <see cref="PeerSettings.IdleHoldTimeMax"/> (1, 2, 4 … 32, 60 s by default; <c>idleHold</c> in the configuration).
    /// </summary>
    public TimeSpan BackOffIdleHoldTime
    {
        get
        {
            var time = Settings.IdleHoldTime;
            for (int i = 1; i < ConnectRetryCounter && time < Settings.IdleHoldTimeMax; i++)
            {
                time *= 2;
            }
            return time < Settings.IdleHoldTimeMax ? time : Settings.IdleHoldTimeMax;
        }
    }
}
