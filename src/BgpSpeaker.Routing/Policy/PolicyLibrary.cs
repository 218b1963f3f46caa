namespace BgpSpeaker.Routing.Policy;

/// <summary>
/// The configured prefix lists and policies plus the presets, compiled on first use. The names
/// neighbors refer to resolve here; a configuration that loaded has no dangling names.
/// </summary>
public sealed class PolicyLibrary
{
    private readonly Dictionary<string, PrefixList> _lists;
    private readonly Dictionary<string, PolicyDefinition> _definitions;
    private readonly Dictionary<string, RoutePolicy> _compiled = new(StringComparer.Ordinal);
    private readonly uint _localAs;

    public PolicyLibrary(IEnumerable<PrefixList> prefixLists, IEnumerable<PolicyDefinition> policies, uint localAs)
    {
        _lists = prefixLists.ToDictionary(l => l.Name, StringComparer.Ordinal);
        _definitions = policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _localAs = localAs;
        foreach (var name in _definitions.Keys.Where(PolicyPresets.IsPreset))
        {
            throw new ArgumentException($"policy '{name}' has the name of a preset", nameof(policies));
        }
    }

    public bool Contains(string name) => PolicyPresets.IsPreset(name) || _definitions.ContainsKey(name);

    /// <exception cref="KeyNotFoundException">No preset or policy has that name.</exception>
    public RoutePolicy Get(string name)
    {
        if (_compiled.TryGetValue(name, out var policy))
        {
            return policy;
        }
        policy = PolicyPresets.IsPreset(name)
            ? PolicyPresets.Compile(name, _localAs)
            : _definitions.TryGetValue(name, out var definition)
                ? RoutePolicy.Compile(definition, _lists, _localAs)
                : throw new KeyNotFoundException($"no policy or preset named '{name}'");
        _compiled.Add(name, policy);
        return policy;
    }
}
