using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Fsm;

/// <summary>
/// An output of <see cref="SessionFsm"/> for the driver to carry out, in the order given. The driver
/// owns the sockets; the FSM only says what to do with them.
/// </summary>
public abstract record SessionAction
{
    private SessionAction()
    {
    }

    /// <summary>Start an outbound TCP connection to the peer (keep accepting inbound ones too).</summary>
    public sealed record ConnectTcp : SessionAction;

    /// <summary>Close this session's connection, or abort its pending attempt; a no-op when there is none.</summary>
    public sealed record DropTcp : SessionAction;

    public sealed record SendOpen(OpenMessage Open) : SessionAction;

    public sealed record SendKeepalive : SessionAction;

    public sealed record SendNotification(NotificationMessage Notification) : SessionAction;

    /// <summary>The session is up: switch the codec to <see cref="NegotiatedSession.Codec"/> and start advertising.</summary>
    public sealed record Established(NegotiatedSession Session) : SessionAction;

    /// <summary>
    /// The session (or the attempt at one) ended. When <see cref="DownReason.WasEstablished"/> the
    /// routes learned from the peer must be withdrawn (RFC 4271 §8.2.2 "deletes all routes").
    /// </summary>
    public sealed record Down(DownReason Reason) : SessionAction;

    /// <summary>Hand a received UPDATE to the routing core.</summary>
    public sealed record DeliverUpdate(UpdateMessage Update) : SessionAction;

    /// <summary>The peer asks us to re-advertise a family (or marks a refresh's start/end, RFC 7313).</summary>
    public sealed record DeliverRouteRefresh(RouteRefreshMessage Message) : SessionAction;
}
