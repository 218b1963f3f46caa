using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Tests.Policy;

internal static class PolicyFixtures
{
    public const uint LocalAs = 65010;

    public static readonly Prefix Node = Prefix.Parse("10.0.0.10/32");
    public static readonly Prefix Fabric = Prefix.Parse("10.1.0.0/16");
    public static readonly Prefix V6 = Prefix.Parse("2001:db8:1::/48");

    public static readonly Dictionary<string, PrefixList> Lists = new(StringComparer.Ordinal)
    {
        ["nodes"] = new("nodes", [PrefixListEntry.Create(Prefix.Parse("10.0.0.0/24"), le: 32)]),
        ["fabric"] = new("fabric", [PrefixListEntry.Create(Prefix.Parse("10.0.0.0/8"), le: 16), PrefixListEntry.Create(Prefix.Parse("2001:db8::/32"), le: 48)]),
        ["hosts"] = new("hosts", [PrefixListEntry.Create(Prefix.Parse("0.0.0.0/0"), ge: 32)]),
    };

    public static PathAttributes Attrs(uint[]? path = null, Community[]? communities = null, LargeCommunity[]? large = null,
        uint? med = null, uint? localPref = null) => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(path ?? [65001]),
        Communities = communities ?? [],
        LargeCommunities = large ?? [],
        MultiExitDisc = med,
        LocalPref = localPref,
    };

    public static RoutePolicy Build(PolicyAction defaultAction, params PolicyTerm[] terms) =>
        RoutePolicy.Compile(new PolicyDefinition("p", [.. terms], defaultAction), Lists, LocalAs);

    public static RoutePolicy Build(params PolicyTerm[] terms) => Build(PolicyAction.Reject, terms);

    public static PolicyResult Run(RoutePolicy policy, Prefix prefix, PathAttributes attributes, RouteSource source = RouteSource.Learned) =>
        policy.Evaluate(new RouteContext(prefix, attributes, source));

    public static PolicyTerm Accept(MatchConditions match) => new() { Match = match, Action = PolicyAction.Accept };

    public static Community C(ushort asn, ushort value) => new(asn, value);
}
