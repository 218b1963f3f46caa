using BgpSpeaker.Wire.Attributes;

namespace BgpSpeaker.Routing.Export;

/// <summary>RFC 4271 §5.1 rules for the attributes we send to one peer.</summary>
public static class ExportRules
{
    public const uint DefaultLocalPref = 100;

    /// <summary>
    /// To an external peer: our AS in front of the path, no LOCAL_PREF (§5.1.5), and MED only when we
    /// set it ourselves (§5.1.4: a MED learned from another AS is not passed on). To an internal peer:
    /// the path unchanged and a LOCAL_PREF.
    /// </summary>
    public static PathAttributes ForPeer(PathAttributes attributes, uint localAs, bool externalPeer, bool originatedLocally)
    {
        if (!externalPeer)
        {
            return attributes.LocalPref is null ? With(attributes, attributes.AsPath, attributes.MultiExitDisc, DefaultLocalPref) : attributes;
        }
        return With(attributes, attributes.AsPath.Prepend(localAs), originatedLocally ? attributes.MultiExitDisc : null, null);
    }

    private static PathAttributes With(PathAttributes a, AsPath path, uint? med, uint? localPref) => new()
    {
        Origin = a.Origin,
        AsPath = path,
        MultiExitDisc = med,
        LocalPref = localPref,
        AtomicAggregate = a.AtomicAggregate,
        Aggregator = a.Aggregator,
        Communities = a.Communities,
        ExtendedCommunities = a.ExtendedCommunities,
        LargeCommunities = a.LargeCommunities,
        Unknown = a.Unknown,
    };
}
