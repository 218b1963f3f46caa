using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>Idle hold back-off (RFC 4271 §8.1.1 DampPeerOscillations) and AutomaticStart after IdleHoldTimer expiry.</summary>
public class BackOffTests
{
    private static readonly NotificationMessage Reset = new(ErrorCode.Cease, CeaseSubcode.AdministrativeReset, []);

    /// <summary>The peer's hold timer expired: an error, whatever state we were in.</summary>
    private static readonly NotificationMessage PeerHoldExpired = new(ErrorCode.HoldTimerExpired, 0, []);

    /// <summary>From OpenSent, the peer resets; returns the idle hold that follows.</summary>
    private static TimeSpan FailFromOpenSent(Harness h)
    {
        Assert.Equal(SessionState.Connect, h.State);
        h.Handle(new SessionEvent.TcpCrAcked());
        h.Handle(new SessionEvent.NotifMsg(Reset));
        Assert.Equal(SessionState.Idle, h.State);
        return h.Fsm.IdleHoldDeadline!.Value - h.Now;
    }

    /// <summary>Waits out the idle hold; its expiry must start the session (AutomaticStart).</summary>
    private static void WaitForRestart(Harness h)
    {
        Assert.Empty(h.AdvanceTo(h.Fsm.IdleHoldDeadline!.Value - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(["ConnectTcp"], Names(h.AdvanceTo(h.Fsm.IdleHoldDeadline)));
    }

    [Fact]
    public void IdleHoldDoublesPerFailureUpToTheCap()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.ManualStart());
        var holds = new List<double>();
        for (int i = 0; i < 9; i++)
        {
            holds.Add(FailFromOpenSent(h).TotalSeconds);
            WaitForRestart(h);
        }
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], holds);
    }

    /// <summary>The configured <c>idleHold: { initial, max }</c>: doubling from initial, never beyond max.</summary>
    [Theory]
    [InlineData(5, 12, new double[] { 5, 10, 12, 12 })]
    [InlineData(2, 30, new double[] { 2, 4, 8, 16, 30, 30 })]
    [InlineData(3, 3, new double[] { 3, 3, 3 })]                 // initial = max: a constant hold
    [InlineData(1, 3600, new double[] { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600 })]
    public void TheConfiguredInitialAndMaxAreHonoured(int initial, int max, double[] expected)
    {
        var h = new Harness(IdleHold(initial, max));
        h.Handle(new SessionEvent.ManualStart());
        var holds = new List<double>();
        for (int i = 0; i < expected.Length; i++)
        {
            holds.Add(FailFromOpenSent(h).TotalSeconds);
            WaitForRestart(h);
        }
        Assert.Equal(expected, holds);
    }

    private static PeerSettings IdleHold(int initial, int max) =>
        Peer.Settings(s => s with { IdleHoldTime = TimeSpan.FromSeconds(initial), IdleHoldTimeMax = TimeSpan.FromSeconds(max) });

    /// <summary>61 s Established resets the back-off (the next failure waits 1 s); 59 s does not (it waits 8 s).</summary>
    [Theory]
    [InlineData(61, 1, 1)]
    [InlineData(59, 4, 8)]
    public void BackOffResetsOnlyAfterTheSessionStayedEstablishedLongEnough(int establishedSeconds, int retryCounter, int idleHoldSeconds)
    {
        var h = AfterThreeFailures();
        h.Handle(new SessionEvent.TcpCrAcked());
        h.Handle(new SessionEvent.BgpOpen(Peer.Open()));
        h.Handle(new SessionEvent.KeepAliveMsg());
        KeepAliveFor(h, TimeSpan.FromSeconds(establishedSeconds));

        h.Handle(new SessionEvent.NotifMsg(PeerHoldExpired));

        Assert.Equal(retryCounter, h.Fsm.ConnectRetryCounter);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(idleHoldSeconds), h.Fsm.IdleHoldDeadline);
    }

    [Fact]
    public void AutomaticStartWaitsForTheIdleHoldTimer()
    {
        var h = new Harness().ToOpenSent();
        h.Handle(new SessionEvent.NotifMsg(Reset));

        Assert.Empty(h.Handle(new SessionEvent.AutomaticStart()));
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Equal(["ConnectTcp"], Names(h.AdvanceTo(h.Fsm.IdleHoldDeadline)));
        Assert.Equal(SessionState.Connect, h.State);
    }

    [Fact]
    public void AutomaticStartFromACleanIdleStartsAtOnce()
    {
        var h = new Harness();
        Assert.Equal(["ConnectTcp"], Names(h.Handle(new SessionEvent.AutomaticStart())));
    }

    [Fact]
    public void PassivePeerRestartsIntoActive()
    {
        var h = new Harness(Peer.Settings(s => s with { Passive = true })).ToOpenSent();
        h.Handle(new SessionEvent.NotifMsg(Reset));
        Assert.Empty(h.AdvanceTo(h.Fsm.IdleHoldDeadline));
        Assert.Equal(SessionState.Active, h.State);
    }

    [Fact]
    public void ManualStartForgetsEarlierFailures()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.ManualStart());
        FailFromOpenSent(h);
        WaitForRestart(h);
        FailFromOpenSent(h);
        Assert.Equal(2, h.Fsm.ConnectRetryCounter);

        h.Handle(new SessionEvent.ManualStart());

        Assert.Equal(0, h.Fsm.ConnectRetryCounter);
        Assert.Equal(SessionState.Connect, h.State);
        Assert.Null(h.Fsm.IdleHoldDeadline);
        Assert.Equal(1, FailFromOpenSent(h).TotalSeconds);
    }

    /// <summary>A manual start and three failures from OpenSent, each waited out: the back-off stands at 8 s (by default).</summary>
    private static Harness AfterThreeFailures(PeerSettings? settings = null)
    {
        var h = new Harness(settings);
        h.Handle(new SessionEvent.ManualStart());
        for (int i = 0; i < 3; i++)
        {
            FailFromOpenSent(h);
            WaitForRestart(h);
        }
        return h;
    }

    /// <summary>Three failures, then an Established session: the back-off stands at 8 s (by default).</summary>
    private static Harness EstablishedAfterThreeFailures(PeerSettings? settings = null)
    {
        var h = AfterThreeFailures(settings);
        h.Handle(new SessionEvent.TcpCrAcked());
        h.Handle(new SessionEvent.BgpOpen(Peer.Open(hold: 9))); // hold expiry well within the 60 s reset
        h.Handle(new SessionEvent.KeepAliveMsg());
        KeepAliveFor(h, TimeSpan.FromSeconds(5));
        Assert.Equal(3, h.Fsm.ConnectRetryCounter);
        return h;
    }

    [Theory]
    [InlineData(CeaseSubcode.AdministrativeShutdown)]
    [InlineData(CeaseSubcode.PeerDeconfigured)]
    [InlineData(CeaseSubcode.AdministrativeReset)]
    [InlineData(CeaseSubcode.OtherConfigurationChange)]
    public void PeersAdministrativeCeaseOfAnEstablishedSessionRestartsAtOnceAndResetsTheCount(byte subcode)
    {
        var h = EstablishedAfterThreeFailures();

        var actions = h.Handle(new SessionEvent.NotifMsg(new NotificationMessage(ErrorCode.Cease, subcode, [])));

        Assert.Equal(["DropTcp", "Down"], Names(actions));
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Equal(0, h.Fsm.ConnectRetryCounter);
        Assert.Equal(h.Now, h.Fsm.IdleHoldDeadline);
        Assert.Equal(["ConnectTcp"], Names(h.Fsm.Tick(h.Now)));
        Assert.Equal(SessionState.Connect, h.State);
    }

    /// <summary>
    /// After the clean Cease the back-off starts afresh from the configured initial hold: the next
    /// failures wait 5, 10, 20 s again rather than continuing from the 40 s the earlier series reached.
    /// </summary>
    [Theory]
    [InlineData(CeaseSubcode.AdministrativeShutdown)]
    [InlineData(CeaseSubcode.PeerDeconfigured)]
    [InlineData(CeaseSubcode.AdministrativeReset)]
    [InlineData(CeaseSubcode.OtherConfigurationChange)]
    public void AfterACleanCeaseTheNextFailuresWaitTheConfiguredInitialHoldAgain(byte subcode)
    {
        var h = EstablishedAfterThreeFailures(IdleHold(5, 45));
        Assert.Equal(TimeSpan.FromSeconds(20), h.Fsm.BackOffIdleHoldTime);

        h.Handle(new SessionEvent.NotifMsg(new NotificationMessage(ErrorCode.Cease, subcode, [])));
        h.Fsm.Tick(h.Now);

        var holds = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            holds.Add(FailFromOpenSent(h).TotalSeconds);
            WaitForRestart(h);
        }
        Assert.Equal([5, 10, 20], holds);
    }

    /// <summary>The same clean Cease before the session was Established is a refusal: it counts, and the hold goes on doubling.</summary>
    [Theory]
    [InlineData(SessionState.OpenSent, CeaseSubcode.AdministrativeShutdown)]
    [InlineData(SessionState.OpenSent, CeaseSubcode.OtherConfigurationChange)]
    [InlineData(SessionState.OpenConfirm, CeaseSubcode.PeerDeconfigured)]
    [InlineData(SessionState.OpenConfirm, CeaseSubcode.AdministrativeReset)]
    public void ACleanCeaseBeforeEstablishedDoesNotResetTheCount(SessionState state, byte subcode)
    {
        var h = AfterThreeFailures(IdleHold(5, 45));
        h.Handle(new SessionEvent.TcpCrAcked());
        if (state == SessionState.OpenConfirm)
        {
            h.Handle(new SessionEvent.BgpOpen(Peer.Open()));
        }
        Assert.Equal(state, h.State);

        h.Handle(new SessionEvent.NotifMsg(new NotificationMessage(ErrorCode.Cease, subcode, [])));

        Assert.Equal(4, h.Fsm.ConnectRetryCounter);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(40), h.Fsm.IdleHoldDeadline);
    }

    [Theory]
    [InlineData(CeaseSubcode.MaximumPrefixesReached)]
    [InlineData(CeaseSubcode.ConnectionRejected)]
    [InlineData(CeaseSubcode.OutOfResources)]
    [InlineData(CeaseSubcode.HardReset)]
    public void OtherCeasesOfAnEstablishedSessionKeepTheBackOff(byte subcode)
    {
        var h = EstablishedAfterThreeFailures();

        h.Handle(new SessionEvent.NotifMsg(new NotificationMessage(ErrorCode.Cease, subcode, [])));

        Assert.Equal(4, h.Fsm.ConnectRetryCounter);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(8), h.Fsm.IdleHoldDeadline);
    }

    [Fact]
    public void AnAdministrativeCeaseBeforeEstablishedIsStillDamped()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.ManualStart());
        FailFromOpenSent(h);
        WaitForRestart(h);

        Assert.Equal(2, FailFromOpenSent(h).TotalSeconds); // Cease/Administrative Reset in OpenSent
        Assert.Equal(2, h.Fsm.ConnectRetryCounter);
    }

    [Fact]
    public void OurOwnHoldTimerExpiryKeepsTheBackOff()
    {
        var h = EstablishedAfterThreeFailures();

        h.AdvanceTo(h.Fsm.HoldDeadline);

        Assert.Equal(SessionState.Idle, h.State);
        Assert.Equal(4, h.Fsm.ConnectRetryCounter);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(8), h.Fsm.IdleHoldDeadline);
    }

    [Fact]
    public void ALostConnectionKeepsTheBackOff()
    {
        var h = EstablishedAfterThreeFailures();

        h.Handle(new SessionEvent.TcpConnectionFails());

        Assert.Equal(4, h.Fsm.ConnectRetryCounter);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(8), h.Fsm.IdleHoldDeadline);
    }

    private static void KeepAliveFor(Harness h, TimeSpan duration)
    {
        var end = h.Now + duration;
        while (h.Now < end)
        {
            var step = TimeSpan.FromSeconds(10) < end - h.Now ? TimeSpan.FromSeconds(10) : end - h.Now;
            h.Advance(step);
            h.Handle(new SessionEvent.KeepAliveMsg());
        }
        Assert.Equal(SessionState.Established, h.State);
    }
}
