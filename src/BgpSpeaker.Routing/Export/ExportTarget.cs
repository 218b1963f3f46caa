using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>
/// One established session as the export side sees it: what may be sent to it and how (negotiated
/// families and codec, our next hop on that link, eBGP or iBGP, the export policy). Caches the
/// outgoing attribute set for each incoming one, so a million routes sharing a thousand sets cost a
/// thousand rewrites; only a policy that matches prefix lists is asked per prefix (and it caches too).
/// </summary>
public sealed class ExportTarget(PeerInfo peer, uint localAs, CodecContext codec, IReadOnlySet<AfiSafi> families,
    NextHop? ipv4NextHop, NextHop? ipv6NextHop, PolicyCache? policy = null)
{
    private readonly Dictionary<int, RouteAttributes?> _outgoing = [];

    // Our next hop per family, or null when the family was not negotiated (nothing of it is sent).
    private readonly NextHop? _ipv4NextHop = families.Contains(AfiSafi.Ipv4Unicast) ? ipv4NextHop : null;
    private readonly NextHop? _ipv6NextHop = families.Contains(AfiSafi.Ipv6Unicast) ? ipv6NextHop : null;
    private int _lastKey = -1;
    private RouteAttributes? _lastResult;

    public PeerInfo Peer { get; } = peer;

    public CodecContext Codec { get; } = codec;

    public IReadOnlySet<AfiSafi> Families { get; } = families;

    /// <summary>The export policy; null sends every route the RFC rules allow.</summary>
    public PolicyCache? Policy { get; } = policy;

    /// <summary>The session carries unicast routes of <paramref name="afi"/>: callers skip the other family's work.</summary>
    public bool Carries(Afi afi) => Families.Contains(new AfiSafi(afi, Safi.Unicast));

    /// <summary>Nothing can pass (the <c>reject</c> preset): callers skip the work.</summary>
    public bool RejectsAll => Policy?.Policy.IsRejectAll == true;

    /// <summary>Scratch space for <see cref="UpdateBuilder"/>, kept between runs so a busy peer does not allocate per run.</summary>
    internal UpdateGroups Groups { get; } = new();

    /// <summary>Gives back the scratch space (when idle after a burst): three lists of a run's prefixes at 32 bytes each, and their attribute ids.</summary>
    public void ReleaseBuffers() => Groups.Release();

    /// <summary>Forgets every outgoing set, and the policy's outcomes (after the store released sets: their ids may be stale).</summary>
    public void ClearCache()
    {
        _outgoing.Clear();
        Policy?.Clear();
        (_lastKey, _lastResult) = (-1, null);
    }

    /// <summary>The attributes to send for a route chosen from <paramref name="source"/>, or null when it must not be sent to this peer.</summary>
    public RouteAttributes? Outgoing(PeerInfo source, RouteAttributes route, Prefix prefix, AttributeStore store)
    {
        if (source.Id == Peer.Id || (!source.IsExternal && !source.IsLocal && !Peer.IsExternal))
        {
            return null; // never back to the sender; iBGP routes not to iBGP peers (no reflection)
        }
        var nextHop = prefix.Afi == Afi.Ipv4 ? _ipv4NextHop : _ipv6NextHop;
        if (nextHop is null || RejectsAll)
        {
            return null;
        }
        var kind = RouteSourceExtensions.SourceOf(source);
        if (Policy is { Policy.UsesPrefixLists: true } perPrefix)
        {
            return Rewritten(source, route, prefix.Afi, nextHop.Value, kind, store) is { } rewritten ? perPrefix.Apply(prefix, rewritten, kind) : null;
        }
        return Rewritten(source, route, prefix.Afi, nextHop.Value, kind, store, Policy);
    }

    /// <summary>The RFC rewrite (and, when given, the policy, which then must not depend on the prefix), cached per attribute set.</summary>
    private RouteAttributes? Rewritten(PeerInfo source, RouteAttributes route, Afi afi, NextHop nextHop, RouteSource kind, AttributeStore store, PolicyCache? policy = null)
    {
        int cacheKey = (route.Id << 3) | ((int)kind << 1) | (afi == Afi.Ipv4 ? 0 : 1);
        if (cacheKey == _lastKey)
        {
            return _lastResult; // consecutive changes usually share their attributes (they came in one UPDATE)
        }
        if (!_outgoing.TryGetValue(cacheKey, out var cached))
        {
            cached = Compute(source, route, afi, nextHop, kind, store, policy);
            _outgoing[cacheKey] = cached;
        }
        (_lastKey, _lastResult) = (cacheKey, cached);
        return cached;
    }

    private RouteAttributes? Compute(PeerInfo source, RouteAttributes route, Afi afi, NextHop nextHop, RouteSource kind, AttributeStore store, PolicyCache? policy)
    {
        var result = Rewrite(source, route, nextHop, store);
        if (result is not null && policy is not null)
        {
            result = policy.Apply(afi, result, kind);
        }
        return result;
    }

    /// <summary>RFC 1997 well-known communities, then RFC 4271 §5.1 rewriting with next hop self.</summary>
    private RouteAttributes? Rewrite(PeerInfo source, RouteAttributes route, NextHop nextHop, AttributeStore store)
    {
        var communities = route.Attributes.Communities;
        if (communities.Contains(Community.NoAdvertise) || (Peer.IsExternal && (communities.Contains(Community.NoExport) || communities.Contains(Community.NoExportSubconfed))))
        {
            return null;
        }
        var attributes = ExportRules.ForPeer(route.Attributes, localAs, Peer.IsExternal, originatedLocally: source.IsLocal);
        var hop = Peer.IsExternal || source.IsLocal ? nextHop : route.NextHop;
        return store.Intern(attributes, hop);
    }
}
