using BgpSpeaker.Wire.Attributes;

namespace BgpSpeaker.Routing;

/// <summary>
/// Keeps one instance per distinct attribute set: a full table has ~1M prefixes but only thousands of
/// attribute sets, so routes hold references to shared, immutable sets. Owned by the routing core.
/// </summary>
public sealed class AttributeInterner
{
    private readonly Dictionary<PathAttributes, PathAttributes> _sets = [];

    public int Count => _sets.Count;

    public PathAttributes Intern(PathAttributes attributes)
    {
        if (_sets.TryGetValue(attributes, out var shared))
        {
            return shared;
        }
        _sets.Add(attributes, attributes);
        return attributes;
    }
}
