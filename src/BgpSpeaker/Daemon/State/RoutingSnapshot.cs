using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon.State;

/// <summary>
/// What the routing loop owns, copied after each batch it handles so that show summary, show neighbors
/// and the metrics read it from any thread without entering the loop. Session state (FSM, message
/// counters, flaps) belongs to each peer's runner and is read from it directly.
/// </summary>
internal sealed record RoutingSnapshot(int AttributeSets, int LocRibIpv4, int LocRibIpv6, IReadOnlyList<NeighborRouting> Neighbors)
{
    public static readonly RoutingSnapshot Empty = new(0, 0, 0, []);

    /// <summary>Fabric sessions Established now (their state is the sessions' own, read live).</summary>
    public int FabricSessionsEstablished => Neighbors.Count(n => n.Peer.IsFabric && n.Peer.Runner.Fsm.State == Session.Fsm.SessionState.Established);

    public NeighborRouting? Find(string nameOrAddress) =>
        Neighbors.FirstOrDefault(n => n.Peer.Name == nameOrAddress || n.Config.Key == nameOrAddress);
}

/// <summary>One neighbor's routing figures at the snapshot.</summary>
/// <param name="Config">The settings the neighbor runs with (a reload may replace them).</param>
/// <param name="ReceivedIpv4">IPv4 prefixes held from the peer (its Adj-RIB-In, after import policy).</param>
/// <param name="Advertised">Prefixes announced on the current session.</param>
/// <param name="NotAnnounced">Families negotiated but not announced for want of a next hop, with why.</param>
internal sealed record NeighborRouting(
    Peer Peer,
    Configuration.NeighborConfig Config,
    int ReceivedIpv4,
    int ReceivedIpv6,
    int Advertised,
    ImportTotals Imported,
    IReadOnlyDictionary<AfiSafi, string> NotAnnounced,
    long Malformed,
    IReadOnlyList<MalformedUpdate> RecentMalformed)
{
    public int Received => ReceivedIpv4 + ReceivedIpv6;
}

/// <summary>A copy of <see cref="ImportCounts"/>.</summary>
internal readonly record struct ImportTotals(long Received, long Accepted, long RejectedByPolicy, long RejectedAsLoop, long TreatedAsWithdraw);
