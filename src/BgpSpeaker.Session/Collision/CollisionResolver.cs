using BgpSpeaker.Session.Fsm;

namespace BgpSpeaker.Session.Collision;

/// <summary>
/// RFC 4271 §6.8 connection collision resolution as a pure function. The driver holds both
/// connections: it calls <see cref="Resolve"/> when an OPEN arrives on one while the other is in
/// OpenConfirm (or OpenSent with the peer's OPEN known, or Established), then feeds
/// <see cref="SessionEvent.OpenCollisionDump"/> to the loser's FSM.
/// </summary>
public static class CollisionResolver
{
    public static CollisionDecision Resolve(CollisionCase c)
    {
        // §6.8: a connection already Established wins over any newcomer.
        var keep = c.ExistingState == SessionState.Established
            ? c.ExistingOrigin
            : Survivor(c.LocalBgpId, c.RemoteBgpId, c.LocalAs, c.RemoteAs);
        return new CollisionDecision(keep, Other(keep));
    }

    /// <summary>
    /// The connection initiated by the speaker with the higher BGP Identifier survives (§6.8, ids
    /// compared as host-order unsigned integers). RFC 6286 §2.3: equal ids (possible on eBGP) are
    /// broken by the larger AS number. Equal ids within one AS never get here: the OPEN is rejected
    /// with Bad BGP Identifier.
    /// </summary>
    public static ConnectionOrigin Survivor(uint localBgpId, uint remoteBgpId, uint localAs, uint remoteAs)
    {
        bool localWins = localBgpId != remoteBgpId ? localBgpId > remoteBgpId : localAs > remoteAs;
        return localWins ? ConnectionOrigin.LocallyInitiated : ConnectionOrigin.Accepted;
    }

    private static ConnectionOrigin Other(ConnectionOrigin origin) =>
        origin == ConnectionOrigin.LocallyInitiated ? ConnectionOrigin.Accepted : ConnectionOrigin.LocallyInitiated;
}
