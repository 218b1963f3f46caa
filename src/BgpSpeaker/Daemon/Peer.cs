using BgpSpeaker.Configuration;
using BgpSpeaker.Routing;
using BgpSpeaker.Session.Runtime;

namespace BgpSpeaker.Daemon;

/// <summary>
/// A configured neighbor at run time: its session runner, and the routing state the routing loop owns
/// for it (only that loop touches <see cref="RibIn"/> and the counters).
/// </summary>
internal sealed class Peer(NeighborConfig config, PeerRunner runner, AdjRibIn ribIn)
{
    public NeighborConfig Config { get; } = config;

    public PeerRunner Runner { get; } = runner;

    public string Name => Runner.Name;

    public AdjRibIn RibIn { get; } = ribIn;

    /// <summary>Prefixes we announced on the current session.</summary>
    public int Advertised { get; set; }

    public bool MaxPrefixWarned { get; set; }

    public DateTimeOffset? LastChange { get; set; }
}
