using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>
/// Remembers a policy's outcome per (interned attributes, source, family, matched prefix lists), and
/// interns accepted results in the same <see cref="AttributeStore"/>, so a million routes sharing a
/// few thousand attribute sets cost a few thousand evaluations. A hit allocates nothing. One cache
/// per policy and store; it may be shared by every neighbor that uses the policy.
/// </summary>
public sealed class PolicyCache(RoutePolicy policy, AttributeStore store)
{
    private readonly Dictionary<Key, RouteAttributes?> _outcomes = [];

    public RoutePolicy Policy { get; } = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>Outcomes remembered.</summary>
    public int Count => _outcomes.Count;

    /// <summary>The interned attributes to use, or null when the policy rejects the route.</summary>
    /// <param name="attributes">Interned in the cache's store (<see cref="RouteAttributes.Id"/> &gt;= 0).</param>
    public RouteAttributes? Apply(Prefix prefix, RouteAttributes attributes, RouteSource source)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (Policy.IsAcceptAll)
        {
            return attributes;
        }
        if (Policy.IsRejectAll)
        {
            return null;
        }
        if (attributes.Id < 0)
        {
            throw new ArgumentException("the attributes must be interned in the cache's store", nameof(attributes));
        }
        ulong mask = Policy.UsesPrefixLists ? Policy.MatchPrefixLists(prefix) : 0;
        var key = new Key(attributes.Id, (byte)source, (byte)prefix.Afi, mask);
        if (_outcomes.TryGetValue(key, out var known))
        {
            return known;
        }
        var result = Policy.Evaluate(attributes.Attributes, source, prefix.Afi, mask);
        var outcome = result.Attributes switch
        {
            null => null,
            var same when ReferenceEquals(same, attributes.Attributes) => attributes,
            var changed => store.Intern(changed, attributes.NextHop),
        };
        _outcomes.Add(key, outcome);
        return outcome;
    }

    /// <summary>
    /// The outcome for every prefix of a family at once, for a policy that matches no prefix lists
    /// (its outcome cannot depend on the prefix).
    /// </summary>
    public RouteAttributes? Apply(Afi afi, RouteAttributes attributes, RouteSource source)
    {
        if (Policy.UsesPrefixLists)
        {
            throw new InvalidOperationException($"policy '{Policy.Name}' matches prefix lists: apply it per prefix");
        }
        return Apply(afi == Afi.Ipv4 ? Prefix.V4(0, 0) : Prefix.V6(UInt128.Zero, 0), attributes, source);
    }

    /// <summary>Forget every outcome (after the store is rebuilt).</summary>
    public void Clear() => _outcomes.Clear();

    private readonly record struct Key(int Id, byte Source, byte Family, ulong Lists);
}
