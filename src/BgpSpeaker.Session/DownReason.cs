using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session;

/// <summary>
/// A typed record of one session drop: what happened, when, in which state, and the NOTIFICATION
/// that went with it (sent, or received when <see cref="Kind"/> is <see cref="DownKind.NotificationReceived"/>).
/// </summary>
/// <param name="Detail">Our own diagnosis (e.g. "peer AS 65002, expected AS65001"); never sent on the wire.</param>
public sealed record DownReason(DownKind Kind, DateTimeOffset At, SessionState PreviousState,
    NotificationMessage? Notification = null, string? Detail = null)
{
    /// <summary>Routes learned from the peer must be withdrawn.</summary>
    public bool WasEstablished => PreviousState == SessionState.Established;

    public bool NotificationWasReceived => Kind == DownKind.NotificationReceived && Notification is not null;

    /// <summary>Classifies a Cease we send on a stop event, so metrics group drops by cause (RFC 4486 subcodes).</summary>
    public static DownKind KindOfStop(NotificationMessage notification) => (notification.Code, notification.Subcode) switch
    {
        (ErrorCode.Cease, CeaseSubcode.MaximumPrefixesReached) => DownKind.MaxPrefixExceeded,
        (ErrorCode.Cease, CeaseSubcode.PeerDeconfigured or CeaseSubcode.OtherConfigurationChange) => DownKind.ConfigurationChange,
        (ErrorCode.Cease, CeaseSubcode.ConnectionCollisionResolution) => DownKind.CollisionResolution,
        (ErrorCode.Cease, _) => DownKind.AdminShutdown,
        _ => DownKind.NotificationSent,
    };

    /// <summary>One line for logs and the CLI, e.g. <c>NOTIFICATION received: Cease/Administrative Shutdown: "maintenance"</c>.</summary>
    public string Describe()
    {
        string text = Kind switch
        {
            DownKind.NotificationReceived when Notification is { } n => $"NOTIFICATION received: {n.Describe()}",
            DownKind.NotificationSent or DownKind.FsmError when Notification is { } n => $"NOTIFICATION sent: {n.Describe()}",
            DownKind.HoldTimerExpired => "hold timer expired",
            _ when Notification is { } n => $"{Phrase(Kind)} (sent {n.Describe()})",
            _ => Phrase(Kind),
        };
        return Detail is null ? text : $"{text} ({Detail})";
    }

    private static string Phrase(DownKind kind) => kind switch
    {
        DownKind.HoldTimerExpired => "hold timer expired",
        DownKind.NotificationReceived => "NOTIFICATION received",
        DownKind.NotificationSent => "NOTIFICATION sent",
        DownKind.TcpConnectionFailed => "TCP connection failed",
        DownKind.TcpConnectionClosed => "TCP connection closed",
        DownKind.ConfigurationChange => "configuration change",
        DownKind.AdminShutdown => "administrative shutdown",
        DownKind.MaxPrefixExceeded => "maximum prefixes exceeded",
        DownKind.CollisionResolution => "connection collision resolution",
        DownKind.FsmError => "finite state machine error",
        DownKind.LinkDown => "link down",
        _ => kind.ToString(),
    };
}
