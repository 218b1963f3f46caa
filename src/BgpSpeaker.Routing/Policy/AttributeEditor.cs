using BgpSpeaker.Wire.Attributes;

namespace BgpSpeaker.Routing.Policy;

/// <summary>Applies a term's <see cref="SetActions"/>; returns the input instance when nothing changes.</summary>
internal static class AttributeEditor
{
    public static PathAttributes Apply(SetActions set, PathAttributes a, uint localAs)
    {
        var localPref = set.LocalPref ?? a.LocalPref;
        var med = set.Med ?? a.MultiExitDisc;
        var communities = EditCommunities(set, a.Communities);
        var large = Edit(a.LargeCommunities, null, set.DeleteLargeCommunities, set.AddLargeCommunities);
        var asPath = set.Prepend is { } p ? a.AsPath.Prepend(p.Asn ?? localAs, p.Count) : a.AsPath;
        if (localPref == a.LocalPref && med == a.MultiExitDisc && ReferenceEquals(communities, a.Communities)
            && ReferenceEquals(large, a.LargeCommunities) && ReferenceEquals(asPath, a.AsPath))
        {
            return a;
        }
        return new PathAttributes
        {
            Origin = a.Origin,
            AsPath = asPath,
            MultiExitDisc = med,
            LocalPref = localPref,
            AtomicAggregate = a.AtomicAggregate,
            Aggregator = a.Aggregator,
            Communities = communities,
            ExtendedCommunities = a.ExtendedCommunities,
            LargeCommunities = large,
            OriginatorId = a.OriginatorId,
            ClusterList = a.ClusterList,
            Unknown = a.Unknown,
        };
    }

    private static Community[] EditCommunities(SetActions set, Community[] current) =>
        Edit(current, set.ReplaceCommunities, set.DeleteCommunities, set.AddCommunities);

    /// <summary>Replace, then delete, then append what is missing; the input array when the result is the same.</summary>
    private static T[] Edit<T>(T[] current, ValueArray<T>? replace, ValueArray<T> delete, ValueArray<T> add) where T : struct, IEquatable<T>
    {
        if (replace is null && delete.Count == 0 && add.Count == 0)
        {
            return current;
        }
        var result = new List<T>(current.Length + add.Count);
        foreach (var item in replace is null ? current.AsSpan() : replace.AsSpan())
        {
            if (replace is null || !result.Contains(item))
            {
                result.Add(item);
            }
        }
        result.RemoveAll(item => delete.AsSpan().Contains(item));
        foreach (var item in add.AsSpan())
        {
            if (!result.Contains(item))
            {
                result.Add(item);
            }
        }
        return current.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result)) ? current : [.. result];
    }
}
