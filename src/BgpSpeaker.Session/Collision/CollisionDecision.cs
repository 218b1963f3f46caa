using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Collision;

/// <summary>Keep one connection; close the other with Cease/Connection Collision Resolution.</summary>
public readonly record struct CollisionDecision(ConnectionOrigin Keep, ConnectionOrigin Close)
{
    /// <summary>RFC 4271 §6.8 and RFC 4486: what the closed connection sends before closing.</summary>
    public static NotificationMessage Notification() =>
        new(ErrorCode.Cease, CeaseSubcode.ConnectionCollisionResolution, []);
}
