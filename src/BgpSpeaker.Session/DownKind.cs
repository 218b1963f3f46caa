namespace BgpSpeaker.Session;

/// <summary>Why a session went down, as operators and metrics group it.</summary>
public enum DownKind
{
    /// <summary>No KEEPALIVE or UPDATE within the hold time; we sent Hold Timer Expired.</summary>
    HoldTimerExpired,

    /// <summary>The peer sent a NOTIFICATION.</summary>
    NotificationReceived,

    /// <summary>We found an error in a message (header, OPEN, UPDATE) and sent a NOTIFICATION.</summary>
    NotificationSent,

    /// <summary>The connection failed before OPENs were exchanged.</summary>
    TcpConnectionFailed,

    /// <summary>The connection closed (or broke) without a NOTIFICATION.</summary>
    TcpConnectionClosed,

    /// <summary>Stopped to apply changed configuration (Cease/Peer De-configured or Other Configuration Change).</summary>
    ConfigurationChange,

    /// <summary>Stopped by the operator (Cease/Administrative Shutdown or Reset).</summary>
    AdminShutdown,

    /// <summary>The peer sent more prefixes than allowed (Cease/Maximum Number of Prefixes Reached, RFC 4486).</summary>
    MaxPrefixExceeded,

    /// <summary>The other connection to the same peer won (RFC 4271 §6.8).</summary>
    CollisionResolution,

    /// <summary>A message arrived in a state that does not expect it (RFC 6608).</summary>
    FsmError,

    /// <summary>The interface the session runs over went down, or the peer's address on it went away.</summary>
    LinkDown,
}
