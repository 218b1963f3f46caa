using BgpSpeaker.Wire.Errors;

namespace BgpSpeaker.Wire.Attributes;

/// <summary>
/// The descriptor table: for each attribute we interpret, the flags it must carry and what RFC 7606
/// prescribes when it is malformed. Unknown codes are not in the table.
/// </summary>
internal static class AttributeRules
{
    public readonly record struct Rule(AttributeFlags Flags, ErrorAction OnMalformed);

    private const AttributeFlags WellKnown = AttributeFlags.Transitive;
    private const AttributeFlags OptionalTransitive = AttributeFlags.Optional | AttributeFlags.Transitive;
    private const AttributeFlags OptionalNonTransitive = AttributeFlags.Optional;

    public static Rule? For(byte type) => (AttributeType)type switch
    {
        AttributeType.Origin => new(WellKnown, ErrorAction.TreatAsWithdraw),                      // §7.1
        AttributeType.AsPath => new(WellKnown, ErrorAction.TreatAsWithdraw),                      // §7.2
        AttributeType.NextHop => new(WellKnown, ErrorAction.TreatAsWithdraw),                     // §7.3
        AttributeType.MultiExitDisc => new(OptionalNonTransitive, ErrorAction.TreatAsWithdraw),   // §7.4
        AttributeType.LocalPref => new(WellKnown, ErrorAction.TreatAsWithdraw),                   // §7.5
        AttributeType.AtomicAggregate => new(WellKnown, ErrorAction.AttributeDiscard),            // §7.6
        AttributeType.Aggregator => new(OptionalTransitive, ErrorAction.AttributeDiscard),        // §7.7
        AttributeType.Communities => new(OptionalTransitive, ErrorAction.TreatAsWithdraw),        // §7.8
        AttributeType.OriginatorId => new(OptionalNonTransitive, ErrorAction.TreatAsWithdraw),    // §7.9
        AttributeType.ClusterList => new(OptionalNonTransitive, ErrorAction.TreatAsWithdraw),     // §7.10
        AttributeType.MpReachNlri => new(OptionalNonTransitive, ErrorAction.SessionReset),        // §7.11
        AttributeType.MpUnreachNlri => new(OptionalNonTransitive, ErrorAction.SessionReset),      // §7.11
        AttributeType.ExtendedCommunities => new(OptionalTransitive, ErrorAction.TreatAsWithdraw), // §7.14
        AttributeType.As4Path => new(OptionalTransitive, ErrorAction.AttributeDiscard),           // RFC 6793 §6
        AttributeType.As4Aggregator => new(OptionalTransitive, ErrorAction.AttributeDiscard),     // RFC 6793 §6
        AttributeType.LargeCommunities => new(OptionalTransitive, ErrorAction.TreatAsWithdraw),   // RFC 8092 §6
        _ => null,
    };

    /// <summary>
    /// RFC 7606 §3 c: the Optional and Transitive bits must match; the Partial bit must be clear on
    /// well-known and optional non-transitive attributes (RFC 4271 §4.3).
    /// </summary>
    public static bool FlagsValid(Rule rule, AttributeFlags flags)
    {
        const AttributeFlags kind = AttributeFlags.Optional | AttributeFlags.Transitive;
        if ((flags & kind) != rule.Flags)
        {
            return false;
        }
        return rule.Flags == OptionalTransitive || (flags & AttributeFlags.Partial) == 0;
    }

    public static string Name(byte type) => (AttributeType)type switch
    {
        AttributeType.Origin => "ORIGIN",
        AttributeType.AsPath => "AS_PATH",
        AttributeType.NextHop => "NEXT_HOP",
        AttributeType.MultiExitDisc => "MULTI_EXIT_DISC",
        AttributeType.LocalPref => "LOCAL_PREF",
        AttributeType.AtomicAggregate => "ATOMIC_AGGREGATE",
        AttributeType.Aggregator => "AGGREGATOR",
        AttributeType.Communities => "COMMUNITIES",
        AttributeType.OriginatorId => "ORIGINATOR_ID",
        AttributeType.ClusterList => "CLUSTER_LIST",
        AttributeType.MpReachNlri => "MP_REACH_NLRI",
        AttributeType.MpUnreachNlri => "MP_UNREACH_NLRI",
        AttributeType.ExtendedCommunities => "EXTENDED_COMMUNITIES",
        AttributeType.As4Path => "AS4_PATH",
        AttributeType.As4Aggregator => "AS4_AGGREGATOR",
        AttributeType.LargeCommunities => "LARGE_COMMUNITY",
        _ => $"attribute {type}",
    };
}
