using BgpSpeaker.Session.Fsm;

namespace BgpSpeaker.Session.Collision;

/// <summary>
/// Two connections to one peer: the existing one (<paramref name="ExistingOrigin"/>, in
/// <paramref name="ExistingState"/>) and a new one of the other origin whose OPEN just arrived.
/// </summary>
/// <param name="RemoteBgpId">The BGP Identifier from the peer's OPEN.</param>
public readonly record struct CollisionCase(uint LocalBgpId, uint RemoteBgpId, uint LocalAs, uint RemoteAs,
    ConnectionOrigin ExistingOrigin, SessionState ExistingState);
