using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Messages;

/// <summary>MP_REACH_NLRI (RFC 4760 §3): reachable NLRI of one family and their next hop.</summary>
public sealed record MpReach(AfiSafi Family, NextHop NextHop, NlriBlock Nlri);

/// <summary>MP_UNREACH_NLRI (RFC 4760 §4): withdrawn NLRI of one family.</summary>
public sealed record MpUnreach(AfiSafi Family, NlriBlock Withdrawn);

/// <summary>
/// UPDATE (RFC 4271 §4.3):
/// <code>
///  +-----------------------------------------------------+
///  |   Withdrawn Routes Length (2 octets)                |
///  +-----------------------------------------------------+
///  |   Withdrawn Routes (variable)                       |
///  +-----------------------------------------------------+
///  |   Total Path Attribute Length (2 octets)            |
///  +-----------------------------------------------------+
///  |   Path Attributes (variable)                        |
///  +-----------------------------------------------------+
///  |   Network Layer Reachability Information (variable) |
///  +-----------------------------------------------------+
/// </code>
/// Classic fields carry IPv4 unicast; other families (and IPv4 with IPv6 next hops) ride in
/// MP_REACH_NLRI / MP_UNREACH_NLRI. Errors short of a session reset are kept with the message: when
/// <see cref="Action"/> is <see cref="ErrorAction.TreatAsWithdraw"/> every reachable prefix here must
/// be handled as withdrawn.
/// </summary>
public sealed class UpdateMessage : BgpMessage
{
    public override MessageType Type => MessageType.Update;

    public NlriBlock Withdrawn { get; init; } = NlriBlock.Empty(AfiSafi.Ipv4Unicast);

    /// <summary>The path attributes; null when the UPDATE carries none besides MP_(UN)REACH_NLRI.</summary>
    public PathAttributes? Attributes { get; init; }

    /// <summary>The classic NEXT_HOP attribute (IPv4).</summary>
    public NextHop? NextHop { get; init; }

    public NlriBlock Nlri { get; init; } = NlriBlock.Empty(AfiSafi.Ipv4Unicast);

    public MpReach? MpReach { get; init; }

    public MpUnreach? MpUnreach { get; init; }

    /// <summary>The strongest RFC 7606 action among <see cref="Errors"/> (never SessionReset here).</summary>
    public ErrorAction Action { get; init; }

    public IReadOnlyList<BgpError> Errors { get; init; } = [];

    /// <summary>
    /// End-of-RIB (RFC 4724 §2): an empty UPDATE for IPv4 unicast, or one holding only an empty
    /// MP_UNREACH_NLRI for another family.
    /// </summary>
    public AfiSafi? EndOfRib =>
        !Withdrawn.IsEmpty || !Nlri.IsEmpty || MpReach is not null || Attributes is not null ? null
        : MpUnreach is null ? AfiSafi.Ipv4Unicast
        : MpUnreach.Withdrawn.IsEmpty ? MpUnreach.Family
        : null;
}
