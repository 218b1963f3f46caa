using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>
/// A policy ready to run: its terms, and the prefix lists they reference numbered 0..63 so that which
/// lists a prefix matches is one <see cref="ulong"/>. The outcome for a route depends only on its
/// attributes, its source, its family and that mask, which is what <see cref="PolicyCache"/> keys on.
/// </summary>
public sealed class RoutePolicy
{
    /// <summary>A policy may reference at most this many distinct prefix lists.</summary>
    public const int MaxPrefixLists = 64;

    private readonly CompiledTerm[] _terms;
    private readonly PrefixList[] _lists;
    private readonly uint _localAs;

    private RoutePolicy(PolicyDefinition definition, CompiledTerm[] terms, PrefixList[] lists, uint localAs)
    {
        Definition = definition;
        _terms = terms;
        _lists = lists;
        _localAs = localAs;
    }

    public PolicyDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>The prefix lists the terms reference; bit i of a match mask is list i.</summary>
    public IReadOnlyList<PrefixList> PrefixLists => _lists;

    public bool UsesPrefixLists => _lists.Length > 0;

    /// <summary>No terms and default accept: every route passes unchanged.</summary>
    public bool IsAcceptAll => _terms.Length == 0 && Definition.Default == PolicyAction.Accept;

    /// <summary>No terms and default reject (or next): nothing passes.</summary>
    public bool IsRejectAll => _terms.Length == 0 && Definition.Default != PolicyAction.Accept;

    /// <summary>
    /// Compiles <paramref name="definition"/>. <paramref name="prefixLists"/> resolves the names the
    /// terms use; <paramref name="localAs"/> is prepended when a prepend names no AS.
    /// </summary>
    /// <exception cref="ArgumentException">A referenced list is unknown, or more than 64 are referenced.</exception>
    public static RoutePolicy Compile(PolicyDefinition definition, IReadOnlyDictionary<string, PrefixList> prefixLists, uint localAs)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(prefixLists);
        var lists = new List<PrefixList>();
        var terms = new CompiledTerm[definition.Terms.Count];
        for (int t = 0; t < terms.Length; t++)
        {
            var term = definition.Terms[t];
            ulong mask = Mask(definition, term.Match.PrefixLists, prefixLists, lists);
            ulong notMask = Mask(definition, term.Match.NotPrefixLists, prefixLists, lists);
            terms[t] = new CompiledTerm(term, mask, notMask);
        }
        return new RoutePolicy(definition, terms, [.. lists], localAs);
    }

    /// <summary>The bits of <paramref name="names"/> among the policy's lists, adding each list on first use.</summary>
    private static ulong Mask(PolicyDefinition definition, ValueArray<string> names, IReadOnlyDictionary<string, PrefixList> prefixLists, List<PrefixList> lists)
    {
        ulong mask = 0;
        foreach (var name in names)
        {
            if (!prefixLists.TryGetValue(name, out var list))
            {
                throw new ArgumentException($"policy {definition.Name}: unknown prefix list '{name}'", nameof(prefixLists));
            }
            int index = lists.IndexOf(list);
            if (index < 0)
            {
                if (lists.Count == MaxPrefixLists)
                {
                    throw new ArgumentException($"policy {definition.Name} references more than {MaxPrefixLists} prefix lists", nameof(definition));
                }
                index = lists.Count;
                lists.Add(list);
            }
            mask |= 1UL << index;
        }
        return mask;
    }

    /// <summary>Bit i set when the prefix matches <see cref="PrefixLists"/>[i]; 0 without computing anything when there are none.</summary>
    public ulong MatchPrefixLists(Prefix prefix)
    {
        ulong mask = 0;
        for (int i = 0; i < _lists.Length; i++)
        {
            if (_lists[i].Matches(prefix))
            {
                mask |= 1UL << i;
            }
        }
        return mask;
    }

    public PolicyResult Evaluate(in RouteContext route) =>
        Evaluate(route.Attributes, route.Source, route.Prefix.Afi, MatchPrefixLists(route.Prefix));

    /// <summary>Evaluates with the prefix already reduced to its family and its match mask.</summary>
    public PolicyResult Evaluate(PathAttributes attributes, RouteSource source, Afi family, ulong matchedLists)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var current = attributes;
        foreach (var term in _terms)
        {
            if (!term.Matches(current, source, family, matchedLists))
            {
                continue;
            }
            if (term.HasSet && term.Action != PolicyAction.Reject)
            {
                current = AttributeEditor.Apply(term.Set, current, _localAs);
            }
            switch (term.Action)
            {
                case PolicyAction.Accept:
                    return PolicyResult.Accept(current);
                case PolicyAction.Reject:
                    return PolicyResult.Reject;
            }
        }
        return Definition.Default == PolicyAction.Accept ? PolicyResult.Accept(current) : PolicyResult.Reject;
    }

    public override string ToString() => Name;
}
