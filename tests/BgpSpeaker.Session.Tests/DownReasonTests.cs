using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Tests;

public class DownReasonTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DownKind.HoldTimerExpired, "hold timer expired")]
    [InlineData(DownKind.TcpConnectionFailed, "TCP connection failed")]
    [InlineData(DownKind.TcpConnectionClosed, "TCP connection closed")]
    [InlineData(DownKind.AdminShutdown, "administrative shutdown")]
    [InlineData(DownKind.CollisionResolution, "connection collision resolution")]
    public void DescribesKindsWithoutNotification(DownKind kind, string text) =>
        Assert.Equal(text, new DownReason(kind, At, SessionState.Established).Describe());

    [Fact]
    public void DescribesAReceivedShutdownCommunication()
    {
        var n = NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "maintenance");
        Assert.Equal("NOTIFICATION received: Cease/Administrative Shutdown: \"maintenance\"",
            new DownReason(DownKind.NotificationReceived, At, SessionState.Established, n).Describe());
    }

    [Fact]
    public void DescribesASentErrorWithOurDiagnosis()
    {
        var n = new NotificationMessage(ErrorCode.OpenMessage, OpenSubcode.BadPeerAs, [0xFD, 0xEB]);
        Assert.Equal("NOTIFICATION sent: OPEN Message Error/Bad Peer AS (peer AS 65003, expected AS65002)",
            new DownReason(DownKind.NotificationSent, At, SessionState.OpenSent, n, "peer AS 65003, expected AS65002").Describe());
    }

    [Theory]
    [InlineData(CeaseSubcode.MaximumPrefixesReached, DownKind.MaxPrefixExceeded)]
    [InlineData(CeaseSubcode.AdministrativeShutdown, DownKind.AdminShutdown)]
    [InlineData(CeaseSubcode.AdministrativeReset, DownKind.AdminShutdown)]
    [InlineData(CeaseSubcode.PeerDeconfigured, DownKind.ConfigurationChange)]
    [InlineData(CeaseSubcode.OtherConfigurationChange, DownKind.ConfigurationChange)]
    [InlineData(CeaseSubcode.ConnectionCollisionResolution, DownKind.CollisionResolution)]
    public void ClassifiesStopCeases(byte subcode, DownKind kind) =>
        Assert.Equal(kind, DownReason.KindOfStop(new NotificationMessage(ErrorCode.Cease, subcode, [])));

    [Fact]
    public void OnlyEstablishedDropsRequireWithdrawingRoutes()
    {
        Assert.True(new DownReason(DownKind.HoldTimerExpired, At, SessionState.Established).WasEstablished);
        Assert.False(new DownReason(DownKind.HoldTimerExpired, At, SessionState.OpenConfirm).WasEstablished);
    }
}
