using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Session.Fsm;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>Idle → Established, actively and passively, and the ConnectRetry loop (RFC 4271 §8.2.2).</summary>
public class OpeningTests
{
    [Fact]
    public void ActiveOpenRunsConnectOpenKeepaliveEstablishedInOrder()
    {
        var h = new Harness();

        Assert.Equal(["ConnectTcp"], Names(h.Handle(new SessionEvent.ManualStart())));
        Assert.Equal(SessionState.Connect, h.State);

        var afterConnect = h.Handle(new SessionEvent.TcpCrAcked());
        Assert.Equal(["SendOpen"], Names(afterConnect));
        Assert.Same(h.Fsm.LocalOpen, Single<SessionAction.SendOpen>(afterConnect).Open);
        Assert.Equal(SessionState.OpenSent, h.State);

        Assert.Equal(["SendKeepalive"], Names(h.Handle(new SessionEvent.BgpOpen(Peer.Open()))));
        Assert.Equal(SessionState.OpenConfirm, h.State);

        var up = h.Handle(new SessionEvent.KeepAliveMsg());
        Assert.Equal(["Established"], Names(up));
        Assert.Equal(SessionState.Established, h.State);
        var session = Single<SessionAction.Established>(up).Session;
        Assert.Equal(Peer.RemoteAs, session.RemoteAs);
        Assert.Equal(Peer.RemoteId, session.RemoteRouterId);
        Assert.Same(session.Codec, h.Fsm.Codec);
        Assert.Equal(h.Now, h.Fsm.EstablishedAt);
    }

    [Fact]
    public void LocalOpenAdvertisesSettings()
    {
        var open = new Harness().Fsm.LocalOpen;
        Assert.Equal(Peer.LocalAs, open.AsNumber);
        Assert.Equal(Peer.LocalId, open.BgpIdentifier);
        Assert.Equal(90, open.HoldTimeSeconds);
    }

    [Fact]
    public void PassiveWaitsInActiveWithoutConnecting()
    {
        var h = new Harness(Peer.Settings(s => s with { Passive = true }));

        Assert.Empty(h.Handle(new SessionEvent.ManualStart()));
        Assert.Equal(SessionState.Active, h.State);
        Assert.Null(h.Fsm.ConnectRetryDeadline);
        Assert.Null(h.Fsm.NextDeadline);
        Assert.Empty(h.Advance(TimeSpan.FromHours(1)));
        Assert.True(h.Fsm.AcceptsConnections);

        Assert.Equal(["SendOpen"], Names(h.Handle(new SessionEvent.TcpConnectionConfirmed())));
        Assert.Equal(["SendKeepalive"], Names(h.Handle(new SessionEvent.BgpOpen(Peer.Open()))));
        Assert.Equal(["Established"], Names(h.Handle(new SessionEvent.KeepAliveMsg())));
    }

    [Fact]
    public void PassiveReturnsToActiveWhenTheConnectionFailsInOpenSent()
    {
        var h = new Harness(Peer.Settings(s => s with { Passive = true })).ToOpenSent();

        var actions = h.Handle(new SessionEvent.TcpConnectionFails());

        Assert.Equal(["DropTcp", "Down"], Names(actions));
        Assert.Equal(DownKind.TcpConnectionFailed, Single<SessionAction.Down>(actions).Reason.Kind);
        Assert.Equal(SessionState.Active, h.State);
        Assert.Null(h.Fsm.NextDeadline);
        Assert.DoesNotContain("ConnectTcp", Names(h.Advance(TimeSpan.FromHours(1))));
    }

    [Fact]
    public void ConnectRetryDeadlineIsJitteredConnectRetryTime()
    {
        var h = new Harness(random: new FixedRandom(0));
        h.Handle(new SessionEvent.ManualStart());
        Assert.Equal(h.Now + TimeSpan.FromSeconds(3.75), h.Fsm.ConnectRetryDeadline);
    }

    [Fact]
    public void DefaultConnectRetryTimeIsFiveSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(5), Peer.Settings().ConnectRetryTime);

    [Fact]
    public void ConnectRetryExpiryInConnectAbandonsTheAttemptAndConnectsAgain()
    {
        var h = new Harness(random: new FixedRandom(0.99));
        h.Handle(new SessionEvent.ManualStart());

        Assert.Empty(h.Advance(TimeSpan.FromSeconds(4.9)));
        var actions = h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(["DropTcp", "ConnectTcp"], Names(actions));
        Assert.Equal(SessionState.Connect, h.State);
        Assert.True(h.Fsm.ConnectRetryDeadline > h.Now);
    }

    [Fact]
    public void TcpFailureInConnectGoesToActiveAndRetriesAfterConnectRetryTime()
    {
        var h = new Harness(random: new FixedRandom(0));
        h.Handle(new SessionEvent.ManualStart());
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(h.Handle(new SessionEvent.TcpConnectionFails()));
        Assert.Equal(SessionState.Active, h.State);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(3.75), h.Fsm.ConnectRetryDeadline);
        Assert.Equal(0, h.Fsm.ConnectRetryCounter);

        Assert.Empty(h.Advance(TimeSpan.FromSeconds(3.7)));
        Assert.Equal(["ConnectTcp"], Names(h.Advance(TimeSpan.FromSeconds(0.05))));
        Assert.Equal(SessionState.Connect, h.State);
    }

    [Fact]
    public void InboundConnectionWhileConnectingIsUsed()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.ManualStart());

        Assert.Equal(["SendOpen"], Names(h.Handle(new SessionEvent.TcpConnectionConfirmed())));
        Assert.Equal(SessionState.OpenSent, h.State);
        Assert.Null(h.Fsm.ConnectRetryDeadline);
    }

    [Fact]
    public void OpenSentWaitsFourMinutesForTheOpen()
    {
        var h = new Harness().ToOpenSent();
        Assert.Equal(h.Now + TimeSpan.FromMinutes(4), h.Fsm.HoldDeadline);
    }

    [Fact]
    public void TcpFailureInOpenSentGoesToActiveWithConnectRetry()
    {
        var h = new Harness().ToOpenSent();

        h.Handle(new SessionEvent.TcpConnectionFails());

        Assert.Equal(SessionState.Active, h.State);
        Assert.NotNull(h.Fsm.ConnectRetryDeadline);
        Assert.Null(h.Fsm.HoldDeadline);
        Assert.Equal(["ConnectTcp"], Names(h.AdvanceTo(h.Fsm.ConnectRetryDeadline)));
    }

    [Theory]
    [InlineData(typeof(SessionEvent.KeepAliveMsg))]
    [InlineData(typeof(SessionEvent.TcpConnectionConfirmed))]
    [InlineData(typeof(SessionEvent.TcpConnectionFails))]
    [InlineData(typeof(SessionEvent.HoldTimerExpires))]
    [InlineData(typeof(SessionEvent.OpenCollisionDump))]
    public void IdleIgnoresEverythingButStarts(Type eventType)
    {
        var h = new Harness();
        Assert.Empty(h.Handle((SessionEvent)Activator.CreateInstance(eventType)!));
        Assert.Equal(SessionState.Idle, h.State);
        Assert.False(h.Fsm.AcceptsConnections);
    }

    [Fact]
    public void StartsAreIgnoredOnceStarted()
    {
        var h = new Harness().ToOpenSent();
        Assert.Empty(h.Handle(new SessionEvent.ManualStart()));
        Assert.Empty(h.Handle(new SessionEvent.AutomaticStart()));
        Assert.Equal(SessionState.OpenSent, h.State);
    }

    [Fact]
    public void ASecondConnectionDoesNotDisturbTheFirst()
    {
        var h = new Harness().ToOpenConfirm();
        Assert.Empty(h.Handle(new SessionEvent.TcpConnectionConfirmed()));
        Assert.Equal(SessionState.OpenConfirm, h.State);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AnIllegalHoldTimeCannotBeMade(ushort hold)
    {
        Assert.False(HoldTime.IsValid(hold));
        Assert.Throws<ArgumentOutOfRangeException>(() => HoldTime.FromSeconds(hold));
    }

    [Fact]
    public void SettingsWithANonPositiveKeepaliveAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionFsm(Peer.Settings(s => s with { KeepaliveTime = TimeSpan.Zero })));
}
