using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>
/// One established session as the export side sees it: what may be sent to it and how (negotiated
/// families and codec, our next hop on that link, eBGP or iBGP). Caches the outgoing attribute set
/// for each incoming one, so a million routes sharing a thousand sets cost a thousand rewrites.
/// </summary>
public sealed class ExportTarget(PeerInfo peer, uint localAs, CodecContext codec, IReadOnlySet<AfiSafi> families,
    NextHop? ipv4NextHop, NextHop? ipv6NextHop, bool acceptAll = true)
{
    private readonly Dictionary<int, RouteAttributes?> _outgoing = [];

    public PeerInfo Peer { get; } = peer;

    public CodecContext Codec { get; } = codec;

    public IReadOnlySet<AfiSafi> Families { get; } = families;

    /// <summary>The attributes to send for a route chosen from <paramref name="source"/>, or null when it must not be sent to this peer.</summary>
    public RouteAttributes? Outgoing(PeerInfo source, RouteAttributes route, Afi afi, AttributeStore store)
    {
        if (!acceptAll || source.Id == Peer.Id || (!source.IsExternal && !source.IsLocal && !Peer.IsExternal))
        {
            return null; // export policy; never back to the sender; iBGP routes not to iBGP peers (no reflection)
        }
        var nextHop = afi == Afi.Ipv4 ? ipv4NextHop : ipv6NextHop;
        if (nextHop is null || !Families.Contains(new AfiSafi(afi, Safi.Unicast)))
        {
            return null;
        }
        int cacheKey = (route.Id << 1) | (afi == Afi.Ipv4 ? 0 : 1);
        if (_outgoing.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }
        var result = Rewrite(source, route, nextHop.Value, store);
        _outgoing[cacheKey] = result;
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
