namespace BgpSpeaker.Session.Fsm;

/// <summary>The six states of the RFC 4271 §8.2.2 finite state machine.</summary>
public enum SessionState
{
    /// <summary>Refuses connections; waits for a start event (or the IdleHoldTimer).</summary>
    Idle,

    /// <summary>An outbound TCP connection is being attempted; inbound ones are accepted too.</summary>
    Connect,

    /// <summary>Listening for the peer's connection; the ConnectRetryTimer (when running) tries outbound again.</summary>
    Active,

    /// <summary>Our OPEN is sent; waiting for the peer's.</summary>
    OpenSent,

    /// <summary>OPENs exchanged; waiting for the peer's KEEPALIVE.</summary>
    OpenConfirm,

    /// <summary>UPDATEs flow.</summary>
    Established,
}
