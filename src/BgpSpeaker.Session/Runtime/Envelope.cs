using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Transport;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Runtime;

/// <summary>What arrives in a runner's inbox. Events carry the connection they came from so late ones from a closed connection are dropped.</summary>
internal abstract record Envelope
{
    public sealed record FromConnection(SessionEvent Event, long ConnectionId) : Envelope;

    public sealed record Operator(SessionEvent Event) : Envelope;

    public sealed record OutboundConnected(BgpConnection Connection, long AttemptId) : Envelope;

    public sealed record OutboundFailed(long AttemptId, string Why) : Envelope;

    public sealed record InboundAccepted(BgpConnection Connection) : Envelope;

    public sealed record UpdatesSent(long ConnectionId) : Envelope;

    public sealed record Stop(NotificationMessage? Notification) : Envelope;
}
