namespace BgpSpeaker.Session.Fsm;

/// <summary>Timers as deadlines (RFC 4271 §10), jitter, and <see cref="Tick"/>.</summary>
public sealed partial class SessionFsm
{
    private static readonly SessionEvent ConnectRetryExpired = new SessionEvent.ConnectRetryTimerExpires();
    private static readonly SessionEvent HoldExpired = new SessionEvent.HoldTimerExpires();
    private static readonly SessionEvent KeepaliveExpired = new SessionEvent.KeepaliveTimerExpires();
    private static readonly SessionEvent DelayOpenExpired = new SessionEvent.DelayOpenTimerExpires();
    private static readonly SessionEvent IdleHoldExpired = new SessionEvent.IdleHoldTimerExpires();

    public DateTimeOffset? ConnectRetryDeadline { get; private set; }

    public DateTimeOffset? HoldDeadline { get; private set; }

    public DateTimeOffset? KeepaliveDeadline { get; private set; }

    public DateTimeOffset? DelayOpenDeadline { get; private set; }

    public DateTimeOffset? IdleHoldDeadline { get; private set; }

    /// <summary>The earliest running timer's deadline: when the driver should call <see cref="Tick"/> next.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var timer in TimersByPriority)
            {
                if (DeadlineOf(timer) is { } at && (next is null || at < next))
                {
                    next = at;
                }
            }
            return next;
        }
    }

    /// <summary>
    /// Fires every timer whose deadline is at or before <paramref name="now"/>. Expired timers fire by
    /// priority, not by deadline: after a stall an expired hold timer ends the session before a late
    /// KEEPALIVE could go out on it.
    /// </summary>
    public IReadOnlyList<SessionAction> Tick(DateTimeOffset now)
    {
        List<SessionAction>? all = null;
        // Each firing either clears or re-arms its timer in the future; the bound only guards against a bug.
        for (int fired = 0; fired < 16 && FirstExpired(now) is { } timer; fired++)
        {
            var deadline = DeadlineOf(timer);
            (all ??= []).AddRange(Handle(EventOf(timer), now));
            if (DeadlineOf(timer) == deadline)
            {
                SetDeadline(timer, null); // ignored by this state: a timer fires once
            }
        }
        return all ?? [];
    }

    /// <summary>RFC 4271 §10: ConnectRetry and Keepalive intervals are multiplied by a random factor in [0.75, 1].</summary>
    private TimeSpan Jittered(TimeSpan interval) => interval * (0.75 + (0.25 * _random.NextDouble()));

    private Timer? FirstExpired(DateTimeOffset now)
    {
        foreach (var timer in TimersByPriority)
        {
            if (DeadlineOf(timer) <= now)
            {
                return timer;
            }
        }
        return null;
    }

    private enum Timer
    {
        Hold,
        DelayOpen,
        ConnectRetry,
        Keepalive,
        IdleHold,
    }

    /// <summary>Hold first: a dead peer outranks everything else due at the same tick.</summary>
    private static readonly Timer[] TimersByPriority = [Timer.Hold, Timer.DelayOpen, Timer.ConnectRetry, Timer.Keepalive, Timer.IdleHold];

    private DateTimeOffset? DeadlineOf(Timer timer) => timer switch
    {
        Timer.Hold => HoldDeadline,
        Timer.DelayOpen => DelayOpenDeadline,
        Timer.ConnectRetry => ConnectRetryDeadline,
        Timer.Keepalive => KeepaliveDeadline,
        _ => IdleHoldDeadline,
    };

    private static SessionEvent EventOf(Timer timer) => timer switch
    {
        Timer.Hold => HoldExpired,
        Timer.DelayOpen => DelayOpenExpired,
        Timer.ConnectRetry => ConnectRetryExpired,
        Timer.Keepalive => KeepaliveExpired,
        _ => IdleHoldExpired,
    };

    private void SetDeadline(Timer timer, DateTimeOffset? value)
    {
        switch (timer)
        {
            case Timer.Hold: HoldDeadline = value; break;
            case Timer.DelayOpen: DelayOpenDeadline = value; break;
            case Timer.ConnectRetry: ConnectRetryDeadline = value; break;
            case Timer.Keepalive: KeepaliveDeadline = value; break;
            case Timer.IdleHold: IdleHoldDeadline = value; break;
        }
    }

    private bool IsStaleTimer(SessionEvent e) => e switch
    {
        SessionEvent.ConnectRetryTimerExpires => ConnectRetryDeadline is null,
        SessionEvent.HoldTimerExpires => HoldDeadline is null,
        SessionEvent.KeepaliveTimerExpires => KeepaliveDeadline is null,
        SessionEvent.DelayOpenTimerExpires => DelayOpenDeadline is null,
        SessionEvent.IdleHoldTimerExpires => IdleHoldDeadline is null,
        _ => false,
    };

    private void StartConnectRetryTimer(DateTimeOffset now) =>
        ConnectRetryDeadline = Settings.Passive ? null : now + Jittered(Settings.ConnectRetryTime);

    /// <summary>Negotiated hold time 0 means no KEEPALIVEs and no hold timer (RFC 4271 §4.2).</summary>
    private void StartSessionTimers(DateTimeOffset now)
    {
        RestartHoldTimer(now);
        RestartKeepaliveTimer(now);
    }

    private void RestartHoldTimer(DateTimeOffset now) =>
        HoldDeadline = Negotiated is { HoldTime.IsZero: false } n ? now + n.HoldTime.Duration : null;

    private void RestartKeepaliveTimer(DateTimeOffset now) =>
        KeepaliveDeadline = Negotiated is { HoldTime.IsZero: false } n ? now + Jittered(n.KeepaliveInterval) : null;

    private void ClearTimers()
    {
        ConnectRetryDeadline = null;
        HoldDeadline = null;
        KeepaliveDeadline = null;
        DelayOpenDeadline = null;
        IdleHoldDeadline = null;
    }
}
