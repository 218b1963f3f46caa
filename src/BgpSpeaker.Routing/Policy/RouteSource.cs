namespace BgpSpeaker.Routing.Policy;

/// <summary>Where a route came from, as a policy sees it.</summary>
public enum RouteSource : byte
{
    /// <summary>Learned from a neighbor that is not marked <c>redistribute</c> (a leaf, a route reflector).</summary>
    Learned = 0,

    /// <summary>One of our configured networks (<see cref="Rib.PeerInfo.IsLocal"/>).</summary>
    Networks = 1,

    /// <summary>Learned from a neighbor marked <c>redistribute</c>: a local load-balancer speaker.</summary>
    Redistributed = 2,
}

/// <summary>A set of <see cref="RouteSource"/> values, for the <c>source</c> match condition.</summary>
[Flags]
public enum RouteSources : byte
{
    None = 0,
    Learned = 1 << RouteSource.Learned,
    Networks = 1 << RouteSource.Networks,
    Redistributed = 1 << RouteSource.Redistributed,
    Any = Learned | Networks | Redistributed,
}

/// <summary>Conversions between the source of a route and the sets terms match against.</summary>
public static class RouteSourceExtensions
{
    public static RouteSources AsSet(this RouteSource source) => (RouteSources)(1 << (int)source);

    /// <summary>The source of a route learned from <paramref name="peer"/>.</summary>
    public static RouteSource SourceOf(Rib.PeerInfo peer) =>
        peer.IsLocal ? RouteSource.Networks : peer.IsRedistributed ? RouteSource.Redistributed : RouteSource.Learned;
}
