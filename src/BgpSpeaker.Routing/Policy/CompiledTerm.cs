using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>A term with its prefix lists (those to match, and those to match none of) turned into bit masks over the policy's lists.</summary>
internal sealed class CompiledTerm(PolicyTerm term, ulong prefixListMask, ulong notPrefixListMask = 0)
{
    private readonly Community[] _communities = [.. term.Match.Communities];
    private readonly LargeCommunity[] _large = [.. term.Match.LargeCommunities];
    private readonly uint[] _asns = [.. term.Match.AsPathContains];
    private readonly int? _maxLength = term.Match.AsPathMaxLength;
    private readonly Afi? _family = term.Match.Family;
    private readonly RouteSources _sources = term.Match.Sources;

    public SetActions Set { get; } = term.Set;

    public bool HasSet { get; } = !term.Set.IsEmpty;

    public PolicyAction Action { get; } = term.Action;

    public bool Matches(PathAttributes a, RouteSource source, Afi family, ulong matchedLists) =>
        (prefixListMask == 0 || (prefixListMask & matchedLists) != 0)
        && (notPrefixListMask & matchedLists) == 0
        && (_sources & source.AsSet()) != 0
        && (_family is null || _family == family)
        && (_communities.Length == 0 || ContainsAny(a.Communities, _communities))
        && (_large.Length == 0 || ContainsAny(a.LargeCommunities, _large))
        && (_asns.Length == 0 || PathContainsAny(a.AsPath, _asns))
        && (_maxLength is null || PathLength(a.AsPath) <= _maxLength);

    private static bool ContainsAny<T>(T[] carried, T[] wanted) where T : IEquatable<T>
    {
        foreach (var item in carried)
        {
            if (wanted.AsSpan().Contains(item))
            {
                return true;
            }
        }
        return false;
    }

    private static bool PathContainsAny(AsPath path, uint[] asns)
    {
        for (int s = 0; s < path.Segments.Count; s++)
        {
            var segment = path.Segments[s].Asns;
            for (int i = 0; i < segment.Count; i++)
            {
                if (asns.AsSpan().Contains(segment[i]))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static int PathLength(AsPath path)
    {
        int length = 0;
        for (int s = 0; s < path.Segments.Count; s++)
        {
            length += path.Segments[s].PathLength;
        }
        return length;
    }
}
