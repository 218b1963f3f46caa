using BgpSpeaker.Configuration;
using BgpSpeaker.Session;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Daemon;

/// <summary>Messages to the routing loop, the single owner of every RIB.</summary>
internal abstract record RoutingWork
{
    public sealed record Established(Peer Peer, NegotiatedSession Session) : RoutingWork;

    public sealed record Update(Peer Peer, UpdateMessage Message) : RoutingWork;

    public sealed record Refresh(Peer Peer, RouteRefreshMessage Message) : RoutingWork;

    public sealed record Down(Peer Peer, DownReason Reason) : RoutingWork;

    /// <summary>SIGHUP: a new, valid configuration to apply without resetting sessions.</summary>
    public sealed record Reload(SpeakerConfig Config, string Path) : RoutingWork;

    /// <summary>A peer that appeared at run time (a fabric interface): registered in the core by the loop, its owner.</summary>
    public sealed record AddPeer(Func<Routing.RoutingCore, Peer> Create, TaskCompletionSource<Peer> Created) : RoutingWork;

    /// <summary>A health-gated network turned healthy (announce as configured) or unhealthy (its failure action).</summary>
    public sealed record Health(Wire.Nlri.Prefix Prefix, bool Healthy) : RoutingWork;

    /// <summary>clear neighbor: reset a session, or (soft) refresh it both ways; answered with JSON.</summary>
    public sealed record Clear(string Neighbor, bool Soft, TaskCompletionSource<string> Answer) : RoutingWork;

    /// <summary>A question from the control socket, answered with JSON from inside the loop.</summary>
    public sealed record Query(string Command, TaskCompletionSource<string> Answer) : RoutingWork;
}
