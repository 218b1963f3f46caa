using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Policy;

/// <summary>What a term does after its <c>set</c> actions, or what a policy does with a route no term decided.</summary>
public enum PolicyAction
{
    /// <summary>Go on to the next term with the modified attributes.</summary>
    Next,
    Accept,
    Reject,
}

/// <summary>
/// A policy as written: terms in order, then a default. Terms are tried top to bottom; a term whose
/// conditions all hold applies its <c>set</c> actions and then its action. <c>accept</c> and
/// <c>reject</c> end the evaluation; <c>next</c> (the default) goes on with the modified attributes.
/// A route that no term accepted or rejected gets <see cref="Default"/>.
/// </summary>
public sealed record PolicyDefinition(string Name, ValueArray<PolicyTerm> Terms, PolicyAction Default = PolicyAction.Reject);

/// <summary>One term: conditions, modifications, action.</summary>
public sealed record PolicyTerm
{
    public MatchConditions Match { get; init; } = MatchConditions.Any;

    public SetActions Set { get; init; } = SetActions.None;

    public PolicyAction Action { get; init; } = PolicyAction.Next;
}

/// <summary>
/// Every condition given must hold; within a list any element suffices. Empty lists and nulls are
/// "not given".
/// </summary>
public sealed record MatchConditions
{
    public static MatchConditions Any { get; } = new();

    /// <summary>Names of prefix lists; the prefix must match one of them.</summary>
    public ValueArray<string> PrefixLists { get; init; } = [];

    /// <summary>Names of prefix lists the prefix must match none of (a local peer's pools gate).</summary>
    public ValueArray<string> NotPrefixLists { get; init; } = [];

    /// <summary>The route must carry one of these communities.</summary>
    public ValueArray<Community> Communities { get; init; } = [];

    public ValueArray<LargeCommunity> LargeCommunities { get; init; } = [];

    /// <summary>The AS path must contain one of these ASNs.</summary>
    public ValueArray<uint> AsPathContains { get; init; } = [];

    /// <summary>The AS path length (an AS_SET counts one) must be at most this.</summary>
    public int? AsPathMaxLength { get; init; }

    public Afi? Family { get; init; }

    public RouteSources Sources { get; init; } = RouteSources.Any;
}

/// <summary>
/// Modifications. Communities: <see cref="ReplaceCommunities"/> (when set) first, then deletions, then
/// additions appended in order; no community is added twice.
/// </summary>
public sealed record SetActions
{
    public static SetActions None { get; } = new();

    public uint? LocalPref { get; init; }

    public uint? Med { get; init; }

    /// <summary>Null leaves the communities alone; an empty list removes them all.</summary>
    public ValueArray<Community>? ReplaceCommunities { get; init; }

    public ValueArray<Community> AddCommunities { get; init; } = [];

    public ValueArray<Community> DeleteCommunities { get; init; } = [];

    public ValueArray<LargeCommunity> AddLargeCommunities { get; init; } = [];

    public ValueArray<LargeCommunity> DeleteLargeCommunities { get; init; } = [];

    public AsPrepend? Prepend { get; init; }

    public bool IsEmpty => this == None;
}

/// <summary>Prepend <see cref="Count"/> copies of <see cref="Asn"/> (our AS when null).</summary>
public readonly record struct AsPrepend(uint? Asn, int Count)
{
    public const int MaxCount = 10;
}
