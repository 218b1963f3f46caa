using System.Net;

namespace BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

/// <summary>A fabric interface: its kernel index (the scope of link-local addresses on it) and name.</summary>
public readonly record struct FabricInterface(int Index, string Name)
{
    public override string ToString() => Name;
}

/// <summary>How we learned a peer's link-local address.</summary>
public enum PeerSource
{
    RouterAdvertisement,
    IncomingConnection,
}

/// <summary>
/// Something the daemon acts on or logs. Addresses are unscoped link-locals; connect to them with
/// <c>ScopeId = Interface.Index</c>.
/// </summary>
public abstract record RouterDiscoveryEvent(FabricInterface Interface)
{
    public abstract string Describe();
}

/// <summary>The link's router is known: start its session.</summary>
public sealed record PeerLearned(FabricInterface Interface, IPAddress Peer, PeerSource Source) : RouterDiscoveryEvent(Interface)
{
    public override string Describe() => Source == PeerSource.RouterAdvertisement
        ? $"{Interface}: peer {Peer} learned from its Router Advertisement"
        : $"{Interface}: peer {Peer} learned from its BGP connection";
}

/// <summary>The router on the link now has another link-local address: reset only this interface's session.</summary>
public sealed record PeerChanged(FabricInterface Interface, IPAddress Previous, IPAddress Current) : RouterDiscoveryEvent(Interface)
{
    public override string Describe() => $"{Interface}: peer changed from {Previous} to {Current}";
}

/// <summary>The peer is forgotten (link down, interface removed): stop its session now.</summary>
public sealed record PeerLost(FabricInterface Interface, IPAddress Peer, string Reason) : RouterDiscoveryEvent(Interface)
{
    public override string Describe() => $"{Interface}: peer {Peer} forgotten ({Reason})";
}

/// <summary>The peer has sent no RA for <paramref name="Silence"/> (the stale time). It is kept: its BGP session may well be fine.</summary>
public sealed record PeerStale(FabricInterface Interface, IPAddress Peer, TimeSpan Silence) : RouterDiscoveryEvent(Interface)
{
    public override string Describe() =>
        $"{Interface}: no Router Advertisement seen for {RouterDiscovery.Seconds(Silence)} (peer {Peer} kept)";
}

/// <summary>Another router answers on a link that should hold one: the first is kept, both are reported.</summary>
public sealed record SecondRouter(FabricInterface Interface, IPAddress Kept, IPAddress Other) : RouterDiscoveryEvent(Interface)
{
    public override string Describe() => $"{Interface}: two routers answer ({Kept}, {Other}); keeping {Kept}";
}

/// <summary>The interface's plain-words state changed (for the log and <c>show neighbors</c>).</summary>
public sealed record DiscoveryStateChanged(FabricInterface Interface, DiscoveryState State, string Description) : RouterDiscoveryEvent(Interface)
{
    public override string Describe() => Description;
}
