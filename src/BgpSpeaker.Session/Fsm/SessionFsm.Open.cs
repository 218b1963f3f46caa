using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Fsm;

/// <summary>The peer's OPEN: validate, negotiate, answer (RFC 4271 §6.2, §8.2.2 OpenSent event 19).</summary>
public sealed partial class SessionFsm
{
    /// <param name="sendOpenFirst">DelayOpen: our OPEN was held back and goes out now, before the KEEPALIVE.</param>
    private void AcceptOpen(OpenMessage open, DateTimeOffset now, bool sendOpenFirst)
    {
        if (OpenValidator.Validate(open, Settings) is { } error)
        {
            MessageError(error, now);
            return;
        }
        Negotiated = CapabilityNegotiator.Negotiate(LocalOpen, open, externalPeer: open.AsNumber != Settings.LocalAs, Settings.KeepaliveTime);
        ConnectRetryDeadline = null;
        DelayOpenDeadline = null;
        if (sendOpenFirst)
        {
            Emit(new SessionAction.SendOpen(LocalOpen));
        }
        Emit(new SessionAction.SendKeepalive());
        StartSessionTimers(now);
        State = SessionState.OpenConfirm;
    }
}
