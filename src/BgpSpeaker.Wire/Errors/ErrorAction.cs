namespace BgpSpeaker.Wire.Errors;

/// <summary>
/// What to do about a malformed message, ordered by severity (RFC 7606 §2). When an UPDATE carries
/// several errors, the strongest action wins.
/// </summary>
public enum ErrorAction
{
    /// <summary>Nothing wrong.</summary>
    None = 0,

    /// <summary>Drop the offending attribute, keep the routes (RFC 7606 §2).</summary>
    AttributeDiscard = 1,

    /// <summary>Handle every prefix in the UPDATE as withdrawn (RFC 7606 §2).</summary>
    TreatAsWithdraw = 2,

    /// <summary>Stop using the AFI/SAFI on this session (RFC 4760 §7); we escalate it to a reset today.</summary>
    AfiSafiDisable = 3,

    /// <summary>Send a NOTIFICATION and close the session.</summary>
    SessionReset = 4,
}
