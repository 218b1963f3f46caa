using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Rib;

/// <summary>
/// What the routing core knows of a route source: a configured neighbor, or the local system (static
/// networks). Router id and AS come from the session's OPEN and change when it re-establishes.
/// </summary>
public sealed class PeerInfo(int id, string name, bool isExternal, bool isLocal = false)
{
    public int Id { get; } = id;

    public string Name { get; } = name;

    public bool IsExternal { get; } = isExternal;

    /// <summary>The local system: its routes win before any attribute is compared.</summary>
    public bool IsLocal { get; } = isLocal;

    /// <summary>A local load-balancer speaker whose routes policies see as source <c>redistributed</c>.</summary>
    public bool IsRedistributed { get; init; }

    public uint RemoteAs { get; set; }

    public uint RouterId { get; set; }

    /// <summary>The peer's address as a number, the last tie-breaker (RFC 4271 §9.1.2.2 g).</summary>
    public UInt128 Address { get; set; }

    public Afi AddressFamily { get; set; } = Afi.Ipv4;

    /// <summary>The interface the session runs over, when known (a link-local peer): where its link-local next hops lead. 0: unknown.</summary>
    public int InterfaceIndex { get; set; }

    /// <summary>Paths holding our AS up to this many times are not loops (RFC 4271 §9.1.2 with allowas-in).</summary>
    public int AllowAsIn { get; set; }

    /// <summary>Max-prefix for this neighbor; null for none.</summary>
    public PrefixLimit? PrefixLimit { get; set; }

    /// <summary>What was reported of the limit on this session: each state once (reset when the session goes down).</summary>
    public PrefixLimitState PrefixLimitReported { get; set; }

    public override string ToString() => Name;
}
