using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>ManualStop and AutomaticStop (RFC 4271 §8.1.2 events 2 and 8, RFC 4486, RFC 9003).</summary>
public class StopTests
{
    [Fact]
    public void ManualStopWithShutdownCommunicationSendsAdministrativeShutdownWithTheText()
    {
        var h = new Harness().ToEstablished();

        var actions = h.Handle(SessionEvent.ManualStop.Shutdown("maintenance"));

        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        var sent = Single<SessionAction.SendNotification>(actions).Notification;
        Assert.Equal(ErrorCode.Cease, sent.Code);
        Assert.Equal(CeaseSubcode.AdministrativeShutdown, sent.Subcode);
        Assert.Equal("maintenance", sent.ShutdownCommunication);
        var reason = Single<SessionAction.Down>(actions).Reason;
        Assert.Equal(DownKind.AdminShutdown, reason.Kind);
        Assert.True(reason.WasEstablished);
        Assert.Equal("administrative shutdown (sent Cease/Administrative Shutdown: \"maintenance\")", reason.Describe());
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Null(h.Fsm.NextDeadline); // no automatic restart
        Assert.Empty(h.Advance(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void ManualStopWithoutReasonSendsPlainAdministrativeShutdown()
    {
        var h = new Harness().ToOpenSent();
        var sent = Single<SessionAction.SendNotification>(h.Handle(new SessionEvent.ManualStop())).Notification;
        Assert.Equal(CeaseSubcode.AdministrativeShutdown, sent.Subcode);
        Assert.Empty(sent.Data);
    }

    [Fact]
    public void ManualStopWhileConnectingAbortsWithoutNotification()
    {
        var h = new Harness();
        h.Handle(new SessionEvent.ManualStart());

        var actions = h.Handle(new SessionEvent.ManualStop());

        Assert.Equal(["DropTcp", "Down"], Names(actions));
        var reason = Single<SessionAction.Down>(actions).Reason;
        Assert.Null(reason.Notification);
        Assert.Equal("administrative shutdown", reason.Describe());
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Null(h.Fsm.NextDeadline);
    }

    [Fact]
    public void ManualStopInIdleCancelsThePendingRestart()
    {
        var h = new Harness().ToOpenSent();
        h.Handle(new SessionEvent.NotifMsg(new NotificationMessage(ErrorCode.Cease, CeaseSubcode.OutOfResources, [])));
        Assert.NotNull(h.Fsm.IdleHoldDeadline);

        Assert.Empty(h.Handle(new SessionEvent.ManualStop()));
        Assert.Null(h.Fsm.IdleHoldDeadline);
        Assert.Empty(h.Advance(TimeSpan.FromHours(1)));
        Assert.Equal(SessionState.Idle, h.State);
    }

    [Fact]
    public void AutomaticStopForMaxPrefixRestartsAfterIdleHold()
    {
        var h = new Harness().ToEstablished();
        var maxPrefix = NotificationMessage.MaxPrefixReached(Wire.Nlri.AfiSafi.Ipv4Unicast, 100);
        Assert.Equal([0, 1, 1, 0, 0, 0, 100], maxPrefix.Data); // RFC 4486 §4: AFI, SAFI, the limit

        var actions = h.Handle(new SessionEvent.AutomaticStop(maxPrefix));

        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        Assert.Same(maxPrefix, Single<SessionAction.SendNotification>(actions).Notification);
        Assert.Equal(DownKind.MaxPrefixExceeded, Single<SessionAction.Down>(actions).Reason.Kind);
        Assert.Equal(["ConnectTcp"], Names(h.AdvanceTo(h.Fsm.IdleHoldDeadline)));
    }

    [Fact]
    public void AutomaticStopWithARestartTimerRestartsThenAndNotOnTheBackOff()
    {
        var h = new Harness().ToEstablished();
        var start = h.Now;
        h.Handle(new SessionEvent.AutomaticStop(NotificationMessage.MaxPrefixReached(Wire.Nlri.AfiSafi.Ipv4Unicast, 100), TimeSpan.FromSeconds(30)));
        Assert.Equal(start + TimeSpan.FromSeconds(30), h.Fsm.IdleHoldDeadline);
        Assert.Empty(h.Advance(TimeSpan.FromSeconds(29)));
        Assert.Equal(["ConnectTcp"], Names(h.Advance(TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void ConfigurationChangeIsClassified()
    {
        var h = new Harness().ToEstablished();
        var change = new NotificationMessage(ErrorCode.Cease, CeaseSubcode.OtherConfigurationChange, []);
        var reason = Single<SessionAction.Down>(h.Handle(new SessionEvent.AutomaticStop(change))).Reason;
        Assert.Equal(DownKind.ConfigurationChange, reason.Kind);
    }
}
