using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>NOTIFICATIONs received, errors found, and unexpected messages (RFC 4271 §6, RFC 6608).</summary>
public class ErrorTests
{
    public static TheoryData<SessionState> ConnectedStates => [SessionState.OpenSent, SessionState.OpenConfirm, SessionState.Established];

    [Theory]
    [MemberData(nameof(ConnectedStates))]
    public void NotificationReceivedClosesWithoutAnsweringAndRestartsLater(SessionState state)
    {
        var h = new Harness().To(state);
        var notification = NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "maintenance");

        var actions = h.Handle(new SessionEvent.NotifMsg(notification));

        Assert.Equal(["DropTcp", "Down"], Names(actions));
        var reason = Single<SessionAction.Down>(actions).Reason;
        Assert.Equal(DownKind.NotificationReceived, reason.Kind);
        Assert.Same(notification, reason.Notification);
        Assert.True(reason.NotificationWasReceived);
        Assert.Equal(state, reason.PreviousState);
        Assert.Equal("NOTIFICATION received: Cease/Administrative Shutdown: \"maintenance\"", reason.Describe());
        Assert.Equal(SessionState.Idle, h.State);
        // The peer's administrative Cease of an Established session restarts at once (see BackOffTests).
        var hold = state == SessionState.Established ? TimeSpan.Zero : TimeSpan.FromSeconds(1);
        Assert.Equal(h.Now + hold, h.Fsm.IdleHoldDeadline);
        Assert.Null(h.Fsm.Negotiated);
    }

    [Fact]
    public void VersionErrorNotificationDoesNotCountAsAFailure()
    {
        var h = new Harness().ToOpenSent();
        h.Handle(new SessionEvent.NotifMsgVerErr(new NotificationMessage(ErrorCode.OpenMessage, OpenSubcode.UnsupportedVersion, [0, 4])));
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Equal(0, h.Fsm.ConnectRetryCounter);
        Assert.NotNull(h.Fsm.IdleHoldDeadline);
    }

    [Theory]
    [InlineData(SessionState.OpenSent, "keepalive", FsmSubcode.UnexpectedInOpenSent)]
    [InlineData(SessionState.OpenSent, "update", FsmSubcode.UnexpectedInOpenSent)]
    [InlineData(SessionState.OpenSent, "refresh", FsmSubcode.UnexpectedInOpenSent)]
    [InlineData(SessionState.OpenConfirm, "open", FsmSubcode.UnexpectedInOpenConfirm)]
    [InlineData(SessionState.OpenConfirm, "update", FsmSubcode.UnexpectedInOpenConfirm)]
    [InlineData(SessionState.OpenConfirm, "refresh", FsmSubcode.UnexpectedInOpenConfirm)]
    [InlineData(SessionState.Established, "open", FsmSubcode.UnexpectedInEstablished)]
    public void UnexpectedMessageSendsFsmErrorWithRfc6608Subcode(SessionState state, string message, byte subcode)
    {
        var h = new Harness().To(state);
        SessionEvent e = message switch
        {
            "keepalive" => new SessionEvent.KeepAliveMsg(),
            "update" => new SessionEvent.UpdateMsg(new UpdateMessage()),
            "refresh" => new SessionEvent.RouteRefreshMsg(new RouteRefreshMessage(AfiSafi.Ipv4Unicast)),
            _ => new SessionEvent.BgpOpen(Peer.Open()),
        };

        var actions = h.Handle(e);

        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        var sent = Single<SessionAction.SendNotification>(actions).Notification;
        Assert.Equal(ErrorCode.FiniteStateMachine, sent.Code);
        Assert.Equal(subcode, sent.Subcode);
        Assert.Equal(DownKind.FsmError, Single<SessionAction.Down>(actions).Reason.Kind);
        Assert.Equal(SessionState.Idle, h.State);
    }

    [Fact]
    public void FsmErrorDescribesTheMessage()
    {
        var h = new Harness().ToOpenSent();
        var reason = Single<SessionAction.Down>(h.Handle(new SessionEvent.KeepAliveMsg())).Reason;
        Assert.Equal("NOTIFICATION sent: Finite State Machine Error/Unexpected Message in OpenSent (received KEEPALIVE)", reason.Describe());
    }

    [Fact]
    public void HeaderErrorSendsItsOwnNotification()
    {
        var h = new Harness().ToOpenSent();
        var error = BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength, "length 5000 above 4096", [0x13, 0x88]);

        var actions = h.Handle(new SessionEvent.BgpHeaderErr(error));

        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        var sent = Single<SessionAction.SendNotification>(actions).Notification;
        Assert.Equal(ErrorCode.MessageHeader, sent.Code);
        Assert.Equal(HeaderSubcode.BadMessageLength, sent.Subcode);
        Assert.Equal([0x13, 0x88], sent.Data);
        var reason = Single<SessionAction.Down>(actions).Reason;
        Assert.Equal(DownKind.NotificationSent, reason.Kind);
        Assert.Equal("length 5000 above 4096", reason.Detail);
    }

    [Fact]
    public void UpdateErrorInEstablishedResetsTheSession()
    {
        var h = new Harness().ToEstablished();
        var error = BgpError.Reset(ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList, "duplicate attribute");

        var actions = h.Handle(new SessionEvent.UpdateMsgErr(error));

        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        Assert.Equal(ErrorCode.UpdateMessage, Single<SessionAction.SendNotification>(actions).Notification.Code);
        Assert.True(Single<SessionAction.Down>(actions).Reason.WasEstablished);
        Assert.Equal(SessionState.Idle, h.State);
    }

    [Fact]
    public void HeaderErrorInEstablishedIsNotTurnedIntoAnFsmError()
    {
        var h = new Harness().ToEstablished();
        var error = BgpError.Reset(ErrorCode.MessageHeader, HeaderSubcode.BadMessageType, "type 9");
        var actions = h.Handle(new SessionEvent.BgpHeaderErr(error));
        Assert.Equal(ErrorCode.MessageHeader, Single<SessionAction.SendNotification>(actions).Notification.Code);
    }

    [Theory]
    [InlineData(SessionState.OpenConfirm)]
    [InlineData(SessionState.Established)]
    public void TcpFailureAfterOpenGoesIdleAndRestarts(SessionState state)
    {
        var h = new Harness().To(state);
        var actions = h.Handle(new SessionEvent.TcpConnectionFails());
        Assert.Equal(["DropTcp", "Down"], Names(actions));
        var reason = Single<SessionAction.Down>(actions).Reason;
        Assert.Equal(DownKind.TcpConnectionClosed, reason.Kind);
        Assert.Equal("TCP connection closed", reason.Describe());
        Assert.Equal(SessionState.Idle, h.State);
        Assert.Equal(1, h.Fsm.ConnectRetryCounter);
        Assert.NotNull(h.Fsm.IdleHoldDeadline);
    }
}
