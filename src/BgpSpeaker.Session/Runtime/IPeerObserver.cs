using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Runtime;

/// <summary>
/// What a <see cref="PeerRunner"/> tells the rest of the daemon. Calls come from the runner's loop, one
/// at a time, and are awaited: a routing core that is busy slows the reading of this peer's socket
/// rather than queueing without bound.
/// </summary>
public interface IPeerObserver
{
    void StateChanged(PeerRunner peer, SessionState previous, SessionState current);

    ValueTask EstablishedAsync(PeerRunner peer, NegotiatedSession session, CancellationToken cancellationToken);

    ValueTask UpdateReceivedAsync(PeerRunner peer, UpdateMessage update, CancellationToken cancellationToken);

    ValueTask RouteRefreshReceivedAsync(PeerRunner peer, RouteRefreshMessage message, CancellationToken cancellationToken);

    ValueTask DownAsync(PeerRunner peer, DownReason reason, CancellationToken cancellationToken);

    /// <summary>A connection was refused or closed outside the FSM (collision, unknown state); for logs.</summary>
    void ConnectionNote(PeerRunner peer, string remote, string what);
}
