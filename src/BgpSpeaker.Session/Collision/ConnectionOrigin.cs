namespace BgpSpeaker.Session.Collision;

/// <summary>Who opened a TCP connection between the same two speakers.</summary>
public enum ConnectionOrigin
{
    /// <summary>We connected to the peer.</summary>
    LocallyInitiated,

    /// <summary>The peer connected to us and we accepted.</summary>
    Accepted,
}
