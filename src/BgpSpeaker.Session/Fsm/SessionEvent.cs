using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Fsm;

/// <summary>
/// An input to <see cref="SessionFsm"/>, named after the RFC 4271 §8.1 events. The "_with_Passive"
/// and "_with_DampPeerOscillations" variants are not separate events here: passive mode and the idle
/// hold back-off are settings of the session (<see cref="PeerSettings"/>).
/// </summary>
public abstract record SessionEvent
{
    private SessionEvent()
    {
    }

    /// <summary>Event 1: the operator starts the session (also resets the idle hold back-off).</summary>
    public sealed record ManualStart : SessionEvent;

    /// <summary>Event 2: the operator stops the session; no automatic restart follows.</summary>
    /// <param name="Notification">The Cease to send; null sends Cease/Administrative Shutdown without text.</param>
    public sealed record ManualStop(NotificationMessage? Notification = null) : SessionEvent
    {
        /// <summary>Administrative Shutdown carrying an RFC 9003 shutdown communication.</summary>
        public static ManualStop Shutdown(string communication) =>
            new(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, communication));
    }

    /// <summary>Event 3: the local system starts the session (the driver, e.g. when a link comes up).</summary>
    public sealed record AutomaticStart : SessionEvent;

    /// <summary>
    /// Event 8: the local system stops the session (max-prefix, configuration change); unlike
    /// <see cref="ManualStop"/> it restarts after the idle hold time, or after
    /// <paramref name="RestartAfter"/> when given (max-prefix's restart timer, RFC 4486).
    /// </summary>
    public sealed record AutomaticStop(NotificationMessage? Notification = null, TimeSpan? RestartAfter = null) : SessionEvent;

    /// <summary>
    /// Not an RFC 4271 event: new settings from a configuration reload. Only passive, connect retry,
    /// delay open and idle hold are taken; the rest needs a new session.
    /// </summary>
    public sealed record Reconfigure(PeerSettings Settings) : SessionEvent;

    /// <summary>
    /// Not an RFC 4271 event: the link under the session is gone (an interface went down, or the peer's
    /// link-local address changed). The session drops at once — no hold-timer wait, no NOTIFICATION
    /// nobody could receive — and stays Idle until the driver starts it again.
    /// </summary>
    public sealed record LinkDown(string Why) : SessionEvent;

    /// <summary>Event 9.</summary>
    public sealed record ConnectRetryTimerExpires : SessionEvent;

    /// <summary>Event 10.</summary>
    public sealed record HoldTimerExpires : SessionEvent;

    /// <summary>Event 11.</summary>
    public sealed record KeepaliveTimerExpires : SessionEvent;

    /// <summary>Event 12.</summary>
    public sealed record DelayOpenTimerExpires : SessionEvent;

    /// <summary>Event 13.</summary>
    public sealed record IdleHoldTimerExpires : SessionEvent;

    /// <summary>Event 17: an inbound connection from the peer was accepted.</summary>
    public sealed record TcpConnectionConfirmed : SessionEvent;

    /// <summary>Event 16: our outbound connection completed.</summary>
    public sealed record TcpCrAcked : SessionEvent;

    /// <summary>Event 18: the connection (or the attempt) failed or was closed by the peer.</summary>
    public sealed record TcpConnectionFails : SessionEvent;

    /// <summary>Event 19: a well-formed OPEN (the codec's checks passed; the session checks the rest).</summary>
    public sealed record BgpOpen(OpenMessage Open) : SessionEvent;

    /// <summary>Event 21: the framer rejected a message header.</summary>
    public sealed record BgpHeaderErr(BgpError Error) : SessionEvent;

    /// <summary>Event 22: the codec rejected an OPEN.</summary>
    public sealed record BgpOpenMsgErr(BgpError Error) : SessionEvent;

    /// <summary>Event 23: collision resolution (RFC 4271 §6.8) chose the other connection.</summary>
    public sealed record OpenCollisionDump : SessionEvent;

    /// <summary>Event 24: the peer sent NOTIFICATION OPEN Message Error/Unsupported Version Number.</summary>
    public sealed record NotifMsgVerErr(NotificationMessage Notification) : SessionEvent;

    /// <summary>Event 25: the peer sent any other NOTIFICATION.</summary>
    public sealed record NotifMsg(NotificationMessage Notification) : SessionEvent;

    /// <summary>Event 26.</summary>
    public sealed record KeepAliveMsg : SessionEvent;

    /// <summary>Event 27: an UPDATE, possibly carrying RFC 7606 errors short of a reset.</summary>
    public sealed record UpdateMsg(UpdateMessage Update) : SessionEvent;

    /// <summary>Event 28: an UPDATE error that resets the session.</summary>
    public sealed record UpdateMsgErr(BgpError Error) : SessionEvent;

    /// <summary>A ROUTE-REFRESH (RFC 2918, RFC 7313); not one of the RFC 4271 events.</summary>
    public sealed record RouteRefreshMsg(RouteRefreshMessage Message) : SessionEvent;

    /// <summary>
    /// The driver sent an UPDATE: RFC 4271 §10 restarts the KeepaliveTimer on every KEEPALIVE or UPDATE
    /// sent, so a busy session needs no KEEPALIVEs. Not one of the RFC 4271 events.
    /// </summary>
    public sealed record UpdateSent : SessionEvent;
}
