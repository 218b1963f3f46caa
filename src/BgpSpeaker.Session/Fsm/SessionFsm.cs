using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Fsm;

/// <summary>
/// The RFC 4271 §8 state machine of one BGP connection, as a pure object: events and the current time
/// go in, actions come out. Timers are deadlines the driver watches (<see cref="NextDeadline"/>) and
/// fires with <see cref="Tick"/>. No I/O, threads or clocks; one owner calls it.
/// </summary>
/// <remarks>
/// Deviations from the §8.2.2 table, each for a reason:
/// <list type="bullet">
/// <item>TcpConnectionFails in Connect or Active goes to Active and retries after ConnectRetryTime
/// (RFC 1771 behaviour) instead of Idle: a peer that is not listening yet is not an oscillation.</item>
/// <item>A NOTIFICATION received is never answered with one (§6: the sender closes the connection).</item>
/// <item>Errors found before our OPEN was sent are still reported with a NOTIFICATION
/// (SendNOTIFICATIONwithoutOPEN is always true): the peer's operator learns why.</item>
/// <item>A timer event for a timer that is not running is ignored: it can only be a stale event.</item>
/// <item>A connection dropped by collision resolution does not count as a failure and does not
/// restart: the session lives on in the other connection.</item>
/// <item>A Cease from the peer for an administrative action (RFC 4486 subcodes 2, 3, 4, 6) ending an
/// Established session is not a failure: it resets ConnectRetryCounter to zero (the session worked)
/// and the restart is immediate, without the idle hold. An operator running <c>clear bgp</c> on the
/// other side expects the session back at once; our own detected errors (hold timer expiry, malformed
/// messages, FSM errors) and connection losses keep the back-off.</item>
/// </list>
/// </remarks>
public sealed partial class SessionFsm
{
    private readonly Random _random;
    private List<SessionAction> _actions = [];

    /// <param name="random">Jitter source (RFC 4271 §10); inject a seeded one for deterministic tests.</param>
    public SessionFsm(PeerSettings settings, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        _random = random ?? Random.Shared;
        LocalOpen = LocalCapabilities.BuildOpen(settings);
    }

    /// <summary>The session's settings; <see cref="SessionEvent.Reconfigure"/> replaces those that apply in place.</summary>
    public PeerSettings Settings { get; private set; }

    /// <summary>The OPEN we send on every connection.</summary>
    public OpenMessage LocalOpen { get; }

    public SessionState State { get; private set; } = SessionState.Idle;

    /// <summary>Set once the peer's OPEN is accepted (OpenConfirm and Established); null otherwise.</summary>
    public NegotiatedSession? Negotiated { get; private set; }

    /// <summary>The peer's OPEN, for collision resolution (its BGP Identifier) and display.</summary>
    public OpenMessage? RemoteOpen => Negotiated?.RemoteOpen;

    /// <summary>The context to decode and encode with now: the negotiated one after OPEN, else the initial one.</summary>
    public CodecContext Codec => Negotiated?.Codec ?? CodecContext.Initial;

    public DateTimeOffset? EstablishedAt { get; private set; }

    /// <summary>Why the session last went down (RFC habit: every drop has a typed reason).</summary>
    public DownReason? LastDown { get; private set; }

    /// <summary>The last time an Established session went down (a failed reconnect since does not replace it).</summary>
    public DownReason? LastSessionDown { get; private set; }

    /// <summary>Consecutive failures (RFC 4271 ConnectRetryCounter); drives the idle hold back-off.</summary>
    public int ConnectRetryCounter { get; private set; }

    /// <summary>Inbound connections are accepted only in Connect and Active (Idle refuses them, §8.2.2).</summary>
    public bool AcceptsConnections => State is SessionState.Connect or SessionState.Active;

    /// <summary>A TCP connection is up (OpenSent onwards, or held during DelayOpen).</summary>
    public bool IsConnected => State >= SessionState.OpenSent || DelayOpenDeadline is not null;

    /// <summary>Applies one event at <paramref name="now"/>; returns the actions to carry out, in order.</summary>
    public IReadOnlyList<SessionAction> Handle(SessionEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        _actions = [];
        if (IsStaleTimer(e))
        {
            return _actions;
        }
        if (e is SessionEvent.Reconfigure reconfigure)
        {
            Reconfigure(reconfigure.Settings, now); // the same in every state
            return _actions;
        }
        if (e is SessionEvent.LinkDown linkDown)
        {
            LinkDown(linkDown.Why, now);
            return _actions;
        }
        switch (State)
        {
            case SessionState.Idle:
                OnIdle(e, now);
                break;
            case SessionState.Connect:
            case SessionState.Active:
                OnConnecting(e, now);
                break;
            case SessionState.OpenSent:
                OnOpenSent(e, now);
                break;
            case SessionState.OpenConfirm:
                OnOpenConfirm(e, now);
                break;
            case SessionState.Established:
                OnEstablished(e, now);
                break;
        }
        return _actions;
    }

    private void Emit(SessionAction action) => _actions.Add(action);
}
