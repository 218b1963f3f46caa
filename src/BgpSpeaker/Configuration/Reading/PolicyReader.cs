using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Routing.Policy;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Reads <c>policies</c>: a mapping of names to either {terms, default} or directly a list of terms.
/// Terms are read by <see cref="TermReader"/>.
/// </summary>
internal static class PolicyReader
{
    private static readonly Dictionary<string, PolicyAction> Defaults = new(StringComparer.Ordinal)
    {
        ["accept"] = PolicyAction.Accept,
        ["reject"] = PolicyAction.Reject,
    };

    public static ValueList<PolicyDefinition> Read(YamlValue node, IReadOnlyCollection<string> prefixLists, ErrorSink errors)
    {
        if (node is not YamlMapping mapping)
        {
            errors.Add(node.Line, node.Column, $"policies must be a mapping of names to policies, got {node.Kind}");
            return [];
        }
        var policies = new List<PolicyDefinition>();
        foreach (var (name, value) in mapping.Entries)
        {
            if (PolicyPresets.IsPreset(name.Text))
            {
                errors.Add(name.Line, name.Column,
                    $"policy '{name.Text}' has the name of a preset ({string.Join(", ", PolicyPresets.Names)}); choose another name");
                continue;
            }
            if (ReadPolicy(name.Text, value, prefixLists, errors) is { } policy)
            {
                policies.Add(policy);
            }
        }
        return policies.ToValueList();
    }

    private static PolicyDefinition? ReadPolicy(string name, YamlValue value, IReadOnlyCollection<string> prefixLists, ErrorSink errors)
    {
        int before = errors.Count;
        IReadOnlyList<YamlValue>? terms;
        var fallback = PolicyAction.Reject;
        YamlValue at = value;
        if (value is YamlSequence sequence)
        {
            terms = sequence.Items;
        }
        else if (MappingReader.Open(value, ConfigSchema.Policy.Section, errors, $"policy {name}") is { } m)
        {
            terms = m.Sequence("terms") ?? [];
            fallback = m.Get("default", (v, e) => ScalarParser.Choice(v, e, Defaults)) ?? PolicyAction.Reject;
        }
        else
        {
            return null;
        }
        var read = new List<PolicyTerm>();
        foreach (var term in terms)
        {
            if (TermReader.Read(term, $"a term of policy {name}", prefixLists, errors) is { } t)
            {
                read.Add(t);
            }
        }
        int lists = read.SelectMany(t => t.Match.PrefixLists).Distinct(StringComparer.Ordinal).Count();
        if (lists > RoutePolicy.MaxPrefixLists)
        {
            errors.Add(at.Line, at.Column, $"policy {name} names {lists} prefix lists; at most {RoutePolicy.MaxPrefixLists} are allowed (merge some)");
        }
        return errors.Count == before ? new PolicyDefinition(name, [.. read], fallback) : null;
    }
}
