using System.Net;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Session.Runtime;

namespace BgpSpeaker.Daemon;

/// <summary>
/// A configured neighbor at run time: its session runner, its identity as a route source in the
/// routing core, and (while established) how we export to it. Only the routing loop touches
/// <see cref="Source"/>, <see cref="Export"/> and the counters.
/// </summary>
internal sealed class Peer(NeighborConfig config, PeerRunner runner, PeerInfo source)
{
    /// <summary>A leaf on a fabric interface (unnumbered), not a configured neighbor.</summary>
    public bool IsFabric { get; init; }

    /// <summary>For a fabric peer: its interface, the leaf learned there, and their state in words.</summary>
    public Fabric.FabricPort? Port { get; set; }

    /// <summary>For a local load-balancer session: the <c>localPeers</c> entry whose slot this is.</summary>
    public LocalPeerConfig? LocalEntry { get; init; }

    /// <summary>A configured neighbor (not a fabric leaf, not a local peer's slot): what a reload matches by key.</summary>
    public bool IsConfigured => !IsFabric && LocalEntry is null;

    private IPAddress? _remote;

    /// <summary>For a local peer's slot: the address that last claimed it (shown as the neighbor's address).</summary>
    public IPAddress? Remote
    {
        get => Volatile.Read(ref _remote);
        set => Volatile.Write(ref _remote, value);
    }

    /// <summary>When <see cref="Remote"/> claimed the slot; set and read under the pool's lock.</summary>
    public DateTimeOffset ClaimedAt { get; set; } = DateTimeOffset.MinValue;

    /// <summary>How a link-local next hop is sent to this peer.</summary>
    public Routing.Export.LinkLocalNextHopForm NextHopForm { get; init; } = Routing.Export.LinkLocalNextHopForm.Both;

    /// <summary>The neighbor's settings; a reload replaces them when they can change in place.</summary>
    public NeighborConfig Config { get; set; } = config;

    public PeerRunner Runner { get; } = runner;

    public string Name => Runner.Name;

    public PeerInfo Source { get; } = source;

    /// <summary>What we accept from the peer (and how we change it); replaced on reload.</summary>
    public PolicyCache? Import { get; set; }

    /// <summary>What we send to the peer; the export target of each session uses it.</summary>
    public PolicyCache? ExportPolicy { get; set; }

    /// <summary>Set while the session is established.</summary>
    public ExportTarget? Export { get; set; }

    /// <summary>Prefixes we announced on the current session (stored, never counted by walking a table).</summary>
    public int Advertised { get; set; }

    /// <summary>Families negotiated but not announced for want of a next hop, with why (logged once each).</summary>
    public Dictionary<Wire.Nlri.AfiSafi, string> NextHopProblems { get; } = [];

    /// <summary>UPDATEs with an RFC 7606 error since the daemon started, and the last few in words.</summary>
    public MalformedHistory Malformed { get; } = new();

    /// <summary>What became of the prefixes the peer announced, since the daemon started.</summary>
    public ImportCounts Imported { get; } = new();
}
