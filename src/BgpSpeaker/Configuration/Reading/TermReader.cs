using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>Reads one policy term: <c>match</c>, <c>set</c>, <c>action</c>.</summary>
internal static class TermReader
{
    private static readonly Dictionary<string, PolicyAction> Actions = new(StringComparer.Ordinal)
    {
        ["accept"] = PolicyAction.Accept,
        ["reject"] = PolicyAction.Reject,
        ["next"] = PolicyAction.Next,
    };

    private static readonly Dictionary<string, Afi> Families = new(StringComparer.Ordinal)
    {
        ["ipv4"] = Afi.Ipv4,
        ["ipv6"] = Afi.Ipv6,
    };

    private static readonly Dictionary<string, RouteSources> Sources = new(StringComparer.Ordinal)
    {
        ["networks"] = RouteSources.Networks,
        ["redistributed"] = RouteSources.Redistributed,
        ["learned"] = RouteSources.Learned,
    };

    public static PolicyTerm? Read(YamlValue node, string what, IReadOnlyCollection<string> prefixLists, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Policy.TermSection, errors, what) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var match = m.ValueOf("match") is { } mv ? ReadMatch(mv, prefixLists, errors) : MatchConditions.Any;
        var set = m.ValueOf("set") is { } sv ? ReadSet(sv, errors) : SetActions.None;
        var action = m.Get("action", (v, e) => ScalarParser.Choice(v, e, Actions));
        if (m.ValueOf("action") is null && m.ValueOf("set") is null)
        {
            m.Missing(what, "action", " (accept, reject or next); a term without set or action does nothing");
        }
        return errors.Count == before && match is not null && set is not null
            ? new PolicyTerm { Match = match, Set = set, Action = action ?? PolicyAction.Next }
            : null;
    }

    private static MatchConditions? ReadMatch(YamlValue node, IReadOnlyCollection<string> prefixLists, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Policy.MatchSection, errors) is not { } m)
        {
            return null;
        }
        var names = new List<string>();
        foreach (var name in ScalarOrList(m, "prefixLists"))
        {
            if (!prefixLists.Contains(name.Text))
            {
                errors.Add(name, $"unknown prefix list '{name.Text}'{Suggestions.Hint(name.Text, prefixLists)}");
            }
            else if (!names.Contains(name.Text))
            {
                names.Add(name.Text);
            }
        }
        var sources = RouteSources.None;
        foreach (var source in ScalarOrList(m, "source"))
        {
            sources |= ScalarParser.Choice(source, errors, Sources) ?? RouteSources.None;
        }
        return new MatchConditions
        {
            PrefixLists = [.. names],
            Communities = Each(ScalarOrList(m, "communities"), errors, NetworkReader.ReadCommunity),
            LargeCommunities = Each(ScalarOrList(m, "largeCommunities"), errors, NetworkReader.ReadLargeCommunity),
            AsPathContains = Each(ScalarOrList(m, "asPathContains"), errors, ScalarParser.Asn),
            AsPathMaxLength = (int?)m.Get("asPathLength", (v, e) => ScalarParser.Number(v, e, 0, 1000)),
            Family = m.Get("family", (v, e) => ScalarParser.Choice(v, e, Families)),
            Sources = sources == RouteSources.None ? RouteSources.Any : sources,
        };
    }

    private static SetActions? ReadSet(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Policy.SetSection, errors) is not { } m)
        {
            return null;
        }
        var set = new SetActions
        {
            LocalPref = (uint?)m.Get("localPref", (v, e) => ScalarParser.Number(v, e, 0, uint.MaxValue)),
            Med = (uint?)m.Get("med", (v, e) => ScalarParser.Number(v, e, 0, uint.MaxValue)),
            Prepend = m.ValueOf("prepend") is { } p ? ReadPrepend(p, errors) : null,
        };
        if (m.ValueOf("communities") is { } c && MappingReader.Open(c, ConfigSchema.Policy.CommunitiesSection, errors) is { } cm)
        {
            set = set with
            {
                AddCommunities = Each(cm.ScalarList("add") ?? [], errors, NetworkReader.ReadCommunity),
                DeleteCommunities = Each(cm.ScalarList("delete") ?? [], errors, NetworkReader.ReadCommunity),
                ReplaceCommunities = cm.ScalarList("replace") is { } r ? Each(r, errors, NetworkReader.ReadCommunity) : null,
            };
        }
        if (m.ValueOf("largeCommunities") is { } l && MappingReader.Open(l, ConfigSchema.Policy.LargeCommunitiesSection, errors) is { } lm)
        {
            set = set with
            {
                AddLargeCommunities = Each(lm.ScalarList("add") ?? [], errors, NetworkReader.ReadLargeCommunity),
                DeleteLargeCommunities = Each(lm.ScalarList("delete") ?? [], errors, NetworkReader.ReadLargeCommunity),
            };
        }
        return set;
    }

    /// <summary>{asn, count}, or just the count.</summary>
    private static AsPrepend? ReadPrepend(YamlValue node, ErrorSink errors)
    {
        if (node is YamlScalar scalar)
        {
            return Count(ConfigValue.Of("prepend", scalar), errors) is { } n ? new AsPrepend(null, n) : null;
        }
        if (MappingReader.Open(node, ConfigSchema.Policy.PrependSection, errors) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var asn = m.Get("asn", ScalarParser.Asn);
        var count = m.Scalar("count") is { } c ? Count(c, errors) : 1;
        return errors.Count == before && count is { } k ? new AsPrepend(asn, k) : null;
    }

    private static int? Count(ConfigValue v, ErrorSink errors) =>
        (int?)ScalarParser.Number(v, errors, 1, AsPrepend.MaxCount);

    /// <summary>A single value or a list of them.</summary>
    private static IReadOnlyList<ConfigValue> ScalarOrList(MappingReader m, string key) =>
        m.ValueOf(key) is YamlScalar scalar ? [ConfigValue.Of(key, scalar)] : m.ScalarList(key) ?? [];

    private static ValueArray<T> Each<T>(IReadOnlyList<ConfigValue> values, ErrorSink errors, Func<ConfigValue, ErrorSink, T?> parse)
        where T : struct
    {
        var result = new List<T>();
        foreach (var value in values)
        {
            if (parse(value, errors) is { } item && !result.Contains(item))
            {
                result.Add(item);
            }
        }
        return [.. result];
    }
}
