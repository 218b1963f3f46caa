namespace BgpSpeaker.Wire.Errors;

/// <summary>
/// One classified malformation: the RFC 7606 action, and for a session reset the NOTIFICATION
/// code, subcode and data that RFC 4271 prescribes. Errors are values; the decoder never throws.
/// </summary>
public sealed record BgpError(ErrorAction Action, ErrorCode Code, byte Subcode, byte[] Data, string Reason)
{
    public static BgpError Reset(ErrorCode code, byte subcode, string reason, byte[]? data = null) =>
        new(ErrorAction.SessionReset, code, subcode, data ?? [], reason);

    public static BgpError Withdraw(byte subcode, string reason) =>
        new(ErrorAction.TreatAsWithdraw, ErrorCode.UpdateMessage, subcode, [], reason);

    public static BgpError Discard(byte subcode, string reason) =>
        new(ErrorAction.AttributeDiscard, ErrorCode.UpdateMessage, subcode, [], reason);

    /// <summary>The one place an error becomes the NOTIFICATION we send.</summary>
    public Messages.NotificationMessage ToNotification() => new(Code, Subcode, Data);

    public override string ToString() =>
        $"{Action}: {Reason} ({ErrorNames.Describe(Code, Subcode)})";

    public bool Equals(BgpError? other) =>
        other is not null && Action == other.Action && Code == other.Code && Subcode == other.Subcode
        && Data.AsSpan().SequenceEqual(other.Data) && Reason == other.Reason;

    public override int GetHashCode() => HashCode.Combine(Action, Code, Subcode, Data.Length, Reason);
}
