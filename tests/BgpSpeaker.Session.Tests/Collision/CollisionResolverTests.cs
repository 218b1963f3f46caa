using BgpSpeaker.Session.Collision;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Tests.Fsm;
using BgpSpeaker.Wire.Errors;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Collision;

/// <summary>RFC 4271 §6.8 and RFC 6286 §2.3.</summary>
public class CollisionResolverTests
{
    private const uint Low = 0x0A000001;
    private const uint High = 0x0A000002;

    [Theory]
    [InlineData(ConnectionOrigin.LocallyInitiated)]
    [InlineData(ConnectionOrigin.Accepted)]
    public void HigherLocalIdKeepsTheConnectionWeInitiated(ConnectionOrigin existing)
    {
        var decision = CollisionResolver.Resolve(new CollisionCase(High, Low, 65001, 65002, existing, SessionState.OpenConfirm));
        Assert.Equal(ConnectionOrigin.LocallyInitiated, decision.Keep);
        Assert.Equal(ConnectionOrigin.Accepted, decision.Close);
    }

    [Theory]
    [InlineData(ConnectionOrigin.LocallyInitiated)]
    [InlineData(ConnectionOrigin.Accepted)]
    public void HigherRemoteIdKeepsTheConnectionWeAccepted(ConnectionOrigin existing)
    {
        var decision = CollisionResolver.Resolve(new CollisionCase(Low, High, 65001, 65002, existing, SessionState.OpenConfirm));
        Assert.Equal(ConnectionOrigin.Accepted, decision.Keep);
        Assert.Equal(ConnectionOrigin.LocallyInitiated, decision.Close);
    }

    [Theory]
    [InlineData(0x80000000u, 0x7FFFFFFFu, ConnectionOrigin.LocallyInitiated)] // compared unsigned, not signed
    [InlineData(0x7FFFFFFFu, 0x80000000u, ConnectionOrigin.Accepted)]
    public void IdentifiersCompareAsUnsignedIntegers(uint local, uint remote, ConnectionOrigin keep) =>
        Assert.Equal(keep, CollisionResolver.Survivor(local, remote, 65001, 65002));

    [Theory]
    [InlineData(65002u, 65001u, ConnectionOrigin.LocallyInitiated)]
    [InlineData(65001u, 65002u, ConnectionOrigin.Accepted)]
    public void EqualIdentifiersAreBrokenByTheLargerAs(uint localAs, uint remoteAs, ConnectionOrigin keep) =>
        Assert.Equal(keep, CollisionResolver.Survivor(Low, Low, localAs, remoteAs));

    [Theory]
    [InlineData(ConnectionOrigin.LocallyInitiated)]
    [InlineData(ConnectionOrigin.Accepted)]
    public void AnEstablishedConnectionAlwaysWins(ConnectionOrigin existing)
    {
        var decision = CollisionResolver.Resolve(new CollisionCase(Low, High, 65001, 65002, existing, SessionState.Established));
        Assert.Equal(existing, decision.Keep);
        Assert.NotEqual(existing, decision.Close);
    }

    [Fact]
    public void NotificationIsCeaseConnectionCollisionResolution()
    {
        var n = CollisionDecision.Notification();
        Assert.Equal(ErrorCode.Cease, n.Code);
        Assert.Equal(CeaseSubcode.ConnectionCollisionResolution, n.Subcode);
    }

    [Theory]
    [InlineData(SessionState.OpenSent)]
    [InlineData(SessionState.OpenConfirm)]
    public void TheLosingFsmSendsCeaseAndDoesNotRestart(SessionState state)
    {
        var h = new Harness().To(state);

        var actions = h.Handle(new SessionEvent.OpenCollisionDump());

        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        Assert.Equal(CeaseSubcode.ConnectionCollisionResolution, Single<SessionAction.SendNotification>(actions).Notification.Subcode);
        Assert.Equal(DownKind.CollisionResolution, Single<SessionAction.Down>(actions).Reason.Kind);
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Null(h.Fsm.NextDeadline);
        Assert.Equal(0, h.Fsm.ConnectRetryCounter);
    }

    [Fact]
    public void TheDriverResolvesFromTheOpenOnEachConnection()
    {
        // Two FSMs for one peer: ours connected out, theirs came in (the driver runs it passively).
        var outbound = new Harness().ToOpenConfirm();
        var inbound = new Harness(Peer.Settings(s => s with { Passive = true })).ToOpenConfirm();
        var decision = CollisionResolver.Resolve(new CollisionCase(Peer.LocalId, inbound.Fsm.RemoteOpen!.BgpIdentifier,
            Peer.LocalAs, inbound.Fsm.RemoteOpen.AsNumber, ConnectionOrigin.LocallyInitiated, outbound.State));

        Assert.Equal(ConnectionOrigin.Accepted, decision.Keep); // the peer's id 10.0.0.2 is higher
        outbound.Handle(new SessionEvent.OpenCollisionDump());
        Assert.Equal(["Established"], Names(inbound.Handle(new SessionEvent.KeepAliveMsg())));
    }
}
