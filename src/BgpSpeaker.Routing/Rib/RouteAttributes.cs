using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Rib;

/// <summary>
/// What a route carries besides its prefix: the path attributes and the next hop. Interned: routes
/// refer to one shared instance by its <see cref="Id"/>, and the values the decision process reads
/// are computed once here rather than per route.
/// </summary>
public sealed class RouteAttributes : IEquatable<RouteAttributes>
{
    public RouteAttributes(PathAttributes attributes, NextHop nextHop)
    {
        Attributes = attributes;
        NextHop = nextHop;
        AsPathLength = attributes.AsPath.PathLength;
        NeighborAs = attributes.AsPath.FirstAs;
    }

    /// <summary>Assigned by the <see cref="AttributeStore"/>; -1 until interned.</summary>
    public int Id { get; internal set; } = -1;

    public PathAttributes Attributes { get; }

    public NextHop NextHop { get; }

    public int AsPathLength { get; }

    /// <summary>The AS the route was learned from (first AS of the path); null for local routes.</summary>
    public uint? NeighborAs { get; }

    public bool Equals(RouteAttributes? other) =>
        other is not null && NextHop == other.NextHop && Attributes.Equals(other.Attributes);

    public override bool Equals(object? obj) => Equals(obj as RouteAttributes);

    public override int GetHashCode() => HashCode.Combine(Attributes, NextHop);
}

/// <summary>
/// The interning table: one <see cref="RouteAttributes"/> per distinct (attributes, next hop), found by
/// value and addressed by a small integer, so a route costs four bytes of reference. Sets no route
/// uses any more are dropped by <see cref="Release"/>; their ids are not reused.
/// </summary>
public sealed class AttributeStore
{
    private readonly Dictionary<RouteAttributes, RouteAttributes> _byValue = [];
    private readonly List<RouteAttributes?> _byId = [];

    /// <summary>Sets held now.</summary>
    public int Count => _byValue.Count;

    /// <summary>Ids handed out so far (every id is below this).</summary>
    public int Created => _byId.Count;

    public RouteAttributes this[int id] => _byId[id] ?? throw new InvalidOperationException($"attribute set {id} was released while still in use");

    /// <summary>Drops every set <paramref name="inUse"/> does not claim; returns how many went.</summary>
    public int Release(Func<int, bool> inUse)
    {
        int released = 0;
        for (int id = 0; id < _byId.Count; id++)
        {
            if (_byId[id] is { } set && !inUse(id))
            {
                _byValue.Remove(set);
                _byId[id] = null;
                released++;
            }
        }
        return released;
    }

    public RouteAttributes Intern(PathAttributes attributes, NextHop nextHop)
    {
        var candidate = new RouteAttributes(attributes, nextHop);
        if (_byValue.TryGetValue(candidate, out var existing))
        {
            return existing;
        }
        candidate.Id = _byId.Count;
        _byId.Add(candidate);
        _byValue.Add(candidate, candidate);
        return candidate;
    }
}
