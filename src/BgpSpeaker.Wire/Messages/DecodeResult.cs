using BgpSpeaker.Wire.Errors;

namespace BgpSpeaker.Wire.Messages;

/// <summary>
/// The outcome of decoding one message: a message, or an error that resets the session, or (for a
/// ROUTE-REFRESH with an unknown subtype, RFC 7313 §5) neither, meaning "ignore it".
/// </summary>
public readonly record struct DecodeResult(BgpMessage? Message, BgpError? Error)
{
    public static DecodeResult Ok(BgpMessage message) => new(message, null);

    public static DecodeResult Fail(BgpError error) => new(null, error);

    public static DecodeResult Ignored => default;

    public bool IsSessionReset => Error is { Action: ErrorAction.SessionReset };
}
