using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>Hold and keepalive timers (RFC 4271 §4.2, §10) on a fake clock.</summary>
public class TimerTests
{
    [Theory]
    [InlineData(SessionState.OpenSent)]
    [InlineData(SessionState.OpenConfirm)]
    [InlineData(SessionState.Established)]
    public void HoldTimerExpirySendsNotificationAndGoesDown(SessionState state)
    {
        var h = new Harness().To(state);
        var deadline = h.Fsm.HoldDeadline!.Value;

        h.Clock.SetUtcNow(deadline - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain("Down", Names(h.Fsm.Tick(h.Now)));
        var actions = h.AdvanceTo(deadline);

        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        var sent = Single<SessionAction.SendNotification>(actions).Notification;
        Assert.Equal(ErrorCode.HoldTimerExpired, sent.Code);
        var reason = Single<SessionAction.Down>(actions).Reason;
        Assert.Equal(DownKind.HoldTimerExpired, reason.Kind);
        Assert.Equal(state, reason.PreviousState);
        Assert.Equal(state == SessionState.Established, reason.WasEstablished);
        Assert.Equal(deadline, reason.At);
        Assert.Equal("hold timer expired", reason.Describe());
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Same(reason, h.Fsm.LastDown);
    }

    [Fact]
    public void KeepaliveAndUpdateReceivedRestartTheHoldTimer()
    {
        var h = new Harness().ToEstablished();
        h.Clock.Advance(TimeSpan.FromSeconds(20));
        h.Handle(new SessionEvent.KeepAliveMsg());
        Assert.Equal(h.Now + TimeSpan.FromSeconds(90), h.Fsm.HoldDeadline);

        h.Clock.Advance(TimeSpan.FromSeconds(20));
        var actions = h.Handle(new SessionEvent.UpdateMsg(new UpdateMessage()));
        Assert.Equal(["DeliverUpdate"], Names(actions));
        Assert.Equal(h.Now + TimeSpan.FromSeconds(90), h.Fsm.HoldDeadline);
    }

    [Theory]
    [InlineData(0.0, 22.5)]
    [InlineData(0.5, 26.25)]
    [InlineData(0.999999, 29.99997)]
    public void KeepaliveIsAThirdOfHoldTimeTimesJitter(double random, double seconds)
    {
        var h = new Harness(random: new FixedRandom(random)).ToOpenConfirm();
        var expected = h.Now + TimeSpan.FromSeconds(seconds);
        Assert.InRange(h.Fsm.KeepaliveDeadline!.Value, expected - TimeSpan.FromMilliseconds(1), expected + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void KeepalivesGoOutWithinJitterBoundsWhileEstablished()
    {
        var h = new Harness(random: new Random(42)).ToEstablished();
        var last = h.Now;
        for (int i = 0; i < 50; i++)
        {
            var next = h.Fsm.KeepaliveDeadline!.Value;
            Assert.InRange(next - last, TimeSpan.FromSeconds(22.5), TimeSpan.FromSeconds(30));
            Assert.Empty(h.AdvanceTo(next - TimeSpan.FromMilliseconds(1)));
            Assert.Equal(["SendKeepalive"], Names(h.AdvanceTo(next)));
            h.Handle(new SessionEvent.KeepAliveMsg());
            last = next;
        }
        Assert.Equal(SessionState.Established, h.State);
    }

    [Fact]
    public void ConfiguredKeepaliveShorterThanAThirdIsUsed()
    {
        var h = new Harness(Peer.Settings(s => s with { KeepaliveTime = TimeSpan.FromSeconds(10) }), new FixedRandom(0)).ToOpenConfirm();
        Assert.Equal(h.Now + TimeSpan.FromSeconds(7.5), h.Fsm.KeepaliveDeadline);
    }

    [Fact]
    public void PeersSmallerHoldTimeWins()
    {
        var h = new Harness(random: new FixedRandom(0)).ToOpenConfirm(Peer.Open(hold: 9));
        Assert.Equal(9, h.Fsm.Negotiated!.HoldTime.Seconds);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(9), h.Fsm.HoldDeadline);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(2.25), h.Fsm.KeepaliveDeadline);
    }

    [Theory]
    [InlineData(90, 0)]
    [InlineData(0, 90)]
    public void HoldTimeZeroMeansNoTimers(ushort local, ushort remote)
    {
        var h = new Harness(Peer.Settings(s => s with { HoldTime = HoldTime.FromSeconds(local) })).ToOpenConfirm(Peer.Open(hold: remote));
        Assert.Null(h.Fsm.HoldDeadline);
        Assert.Null(h.Fsm.KeepaliveDeadline);

        h.Handle(new SessionEvent.KeepAliveMsg());
        Assert.Equal(SessionState.Established, h.State);
        Assert.Null(h.Fsm.NextDeadline);
        Assert.Empty(h.Advance(TimeSpan.FromDays(1)));
        Assert.Equal(SessionState.Established, h.State);
    }

    [Fact]
    public void SendingAnUpdateRestartsTheKeepaliveTimer()
    {
        var h = new Harness(random: new FixedRandom(0)).ToEstablished();
        h.Clock.Advance(TimeSpan.FromSeconds(20));
        h.Handle(new SessionEvent.UpdateSent());
        Assert.Equal(h.Now + TimeSpan.FromSeconds(22.5), h.Fsm.KeepaliveDeadline);
    }

    [Fact]
    public void NextDeadlineIsTheEarliestTimer()
    {
        var h = new Harness(random: new FixedRandom(0)).ToEstablished();
        Assert.Equal(h.Fsm.KeepaliveDeadline, h.Fsm.NextDeadline);
        Assert.True(h.Fsm.KeepaliveDeadline < h.Fsm.HoldDeadline);
    }

    [Fact]
    public void AfterALongSilenceTickExpiresHoldBeforeSendingAKeepalive()
    {
        var h = new Harness().ToEstablished();
        var actions = h.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        Assert.Equal(SessionState.Idle, h.State);
    }

    [Fact]
    public void ATimerEventForATimerNotRunningIsIgnored()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.ManualStart());
        Assert.Empty(h.Handle(new SessionEvent.HoldTimerExpires()));
        Assert.Empty(h.Handle(new SessionEvent.KeepaliveTimerExpires()));
        Assert.Equal(SessionState.Connect, h.State);
    }
}
