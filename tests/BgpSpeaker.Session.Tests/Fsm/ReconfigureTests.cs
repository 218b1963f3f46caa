using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Session;
using BgpSpeaker.Session.Fsm;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>A reload's settings that a running session takes in place: passive, connect retry, delay open, idle hold.</summary>
public class ReconfigureTests
{
    [Fact]
    public void BecomingPassiveStopsConnectingOutAndKeepsListening()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.ManualStart());
        Assert.Equal(SessionState.Connect, h.State);

        var actions = h.Handle(new SessionEvent.Reconfigure(h.Fsm.Settings with { Passive = true }));

        Assert.Equal(["DropTcp"], Names(actions));
        Assert.Equal(SessionState.Active, h.State);
        Assert.Null(h.Fsm.ConnectRetryDeadline);
        Assert.Empty(h.Advance(TimeSpan.FromMinutes(5))); // no connect retry any more
    }

    [Fact]
    public void BecomingActiveConnectsAtOnce()
    {
        var h = new Harness(Peer.Settings(s => s with { Passive = true }));
        h.Handle(new SessionEvent.ManualStart());
        Assert.Equal(SessionState.Active, h.State);

        Assert.Equal(["ConnectTcp"], Names(h.Handle(new SessionEvent.Reconfigure(h.Fsm.Settings with { Passive = false }))));
        Assert.Equal(SessionState.Connect, h.State);
    }

    [Fact]
    public void ANewConnectRetryTimeAndIdleHoldAreUsedFromTheNextTimerOn()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.Reconfigure(h.Fsm.Settings with
        {
            ConnectRetryTime = TimeSpan.FromSeconds(30),
            IdleHoldTime = TimeSpan.FromSeconds(7),
            IdleHoldTimeMax = TimeSpan.FromSeconds(70),
        }));
        Assert.Equal(TimeSpan.FromSeconds(7), h.Fsm.Settings.IdleHoldTime);
        h.Handle(new SessionEvent.ManualStart());
        Assert.InRange(h.Fsm.ConnectRetryDeadline!.Value - h.Now, TimeSpan.FromSeconds(22), TimeSpan.FromSeconds(30)); // jittered down by up to 25 %
    }

    [Fact]
    public void AnEstablishedSessionIsNotDisturbed()
    {
        var h = new Harness().ToEstablished();
        Assert.Empty(h.Handle(new SessionEvent.Reconfigure(h.Fsm.Settings with { Passive = true, DelayOpen = true })));
        Assert.Equal(SessionState.Established, h.State);
        Assert.True(h.Fsm.Settings.DelayOpen);
    }

    [Fact]
    public void SettingsSeenInTheOpenAreNotTaken()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.Reconfigure(h.Fsm.Settings with { HoldTime = HoldTime.FromSeconds(30) }));
        Assert.Equal(HoldTime.FromSeconds(90), h.Fsm.Settings.HoldTime);
    }
}

/// <summary>The link under a session goes down: the session drops at once, silently, and waits for a start.</summary>
public class LinkDownTests
{
    [Fact]
    public void AnEstablishedSessionDropsAtOnceWithoutANotificationAndDoesNotRestartByItself()
    {
        var h = new Harness().ToEstablished();
        var actions = h.Handle(new SessionEvent.LinkDown("eth1: link down"));
        Assert.Equal(["DropTcp", "Down"], Names(actions));
        var reason = Single<SessionAction.Down>(actions).Reason;
        Assert.Equal(DownKind.LinkDown, reason.Kind);
        Assert.Equal("link down (eth1: link down)", reason.Describe());
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Equal(0, h.Fsm.ConnectRetryCounter);
        Assert.Empty(h.Advance(TimeSpan.FromMinutes(10)));
        Assert.Equal(["ConnectTcp"], Names(h.Handle(new SessionEvent.ManualStart())));
    }

    [Fact]
    public void WhileIdleItCancelsAPendingRestart()
    {
        var h = new Harness().ToOpenSent();
        h.Handle(new SessionEvent.NotifMsg(new Wire.Messages.NotificationMessage(Wire.Errors.ErrorCode.Cease, Wire.Errors.CeaseSubcode.OutOfResources, [])));
        Assert.NotNull(h.Fsm.IdleHoldDeadline);
        Assert.Empty(h.Handle(new SessionEvent.LinkDown("eth1: link down")));
        Assert.Null(h.Fsm.IdleHoldDeadline);
    }
}
