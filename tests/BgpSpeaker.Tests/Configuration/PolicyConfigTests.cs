using BgpSpeaker.Cli;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

public class PolicyConfigTests
{
    private const string Policies = """
        prefixLists:
          node:
            - 10.0.0.10/32
          services:
            - 10.96.0.0/12 le 32
            - 10.0.0.0/8 ge 24 le 32
            - { prefix: "2001:db8::/32", ge: 64 }
        policies:
          full:
            default: accept
            terms:
              - match:
                  prefixLists: [node, services]
                  communities: ["65000:1", no-export]
                  largeCommunities: ["1:2:3"]
                  asPathContains: [65001]
                  asPathLength: 3
                  family: ipv4
                  source: [networks, redistributed]
                set:
                  localPref: 200
                  med: 10
                  communities: { add: ["65010:1"], delete: ["65010:2"], replace: ["65010:3"] }
                  largeCommunities: { add: ["65010:1:1"], delete: ["65010:1:2"] }
                  prepend: { asn: 65099, count: 2 }
                action: accept
          short:
            - match: { prefixLists: node }
              set: { prepend: 3 }
            - action: accept
        """;

    private static string WithNeighbor(string settings, string remoteAs = "65001") => Header + Policies + $"""

        neighbors:
          - address: 10.255.0.1
            remoteAs: {remoteAs}
            {settings}
        """;

    [Fact]
    public void PrefixListsReadBothForms()
    {
        var config = Valid(Header + Policies);

        var services = config.PrefixLists[1];
        Assert.Equal("services", services.Name);
        Assert.Equal(
        [
            PrefixListEntry.Create(Prefix.Parse("10.96.0.0/12"), le: 32),
            PrefixListEntry.Create(Prefix.Parse("10.0.0.0/8"), 24, 32),
            PrefixListEntry.Create(Prefix.Parse("2001:db8::/32"), ge: 64),
        ], services.Entries);
        Assert.True(services.Matches(Prefix.Parse("10.96.0.1/32")));
        Assert.True(services.Matches(Prefix.Parse("2001:db8:0:1::/64")));
    }

    [Fact]
    public void PoliciesReadEveryKey()
    {
        var config = Valid(Header + Policies);

        var full = config.Policies[0];
        Assert.Equal(("full", PolicyAction.Accept), (full.Name, full.Default));
        var term = Assert.Single(full.Terms);
        Assert.Equal(new MatchConditions
        {
            PrefixLists = ["node", "services"],
            Communities = [new Community(65000, 1), Community.NoExport],
            LargeCommunities = [new LargeCommunity(1, 2, 3)],
            AsPathContains = [65001],
            AsPathMaxLength = 3,
            Family = Afi.Ipv4,
            Sources = RouteSources.Networks | RouteSources.Redistributed,
        }, term.Match);
        Assert.Equal(new SetActions
        {
            LocalPref = 200,
            Med = 10,
            AddCommunities = [new Community(65010, 1)],
            DeleteCommunities = [new Community(65010, 2)],
            ReplaceCommunities = [new Community(65010, 3)],
            AddLargeCommunities = [new LargeCommunity(65010, 1, 1)],
            DeleteLargeCommunities = [new LargeCommunity(65010, 1, 2)],
            Prepend = new AsPrepend(65099, 2),
        }, term.Set);
        Assert.Equal(PolicyAction.Accept, term.Action);

        var shortForm = config.Policies[1];
        Assert.Equal(PolicyAction.Reject, shortForm.Default);
        Assert.Equal(2, shortForm.Terms.Count);
        Assert.Equal((PolicyAction.Next, new AsPrepend(null, 3)), (shortForm.Terms[0].Action, shortForm.Terms[0].Set.Prepend));
        Assert.Equal(RouteSources.Any, shortForm.Terms[1].Match.Sources);
    }

    [Fact]
    public void CompiledPolicyFromConfigurationEvaluates()
    {
        var config = Valid(WithNeighbor("export: short\n    import: accept"));
        var policy = config.CompilePolicies().Get(config.Neighbors[0].Export.Name);

        var result = policy.Evaluate(new RouteContext(Prefix.Parse("10.0.0.10/32"), new PathAttributes(), RouteSource.Networks));

        Assert.Equal([65010u, 65010u, 65010u], result.Attributes!.AsPath.Segments.SelectMany(s => s.Asns));
    }

    [Theory]
    [InlineData("import: accept\n    export: local-routes", "accept", "local-routes")]
    [InlineData("import: host-routes\n    export: default-route", "host-routes", "default-route")]
    [InlineData("import: full\n    export: reject", "full", "reject")]
    public void NeighborsNamePresetsAndPolicies(string settings, string import, string export)
    {
        var neighbor = Valid(WithNeighbor(settings)).Neighbors[0];

        Assert.Equal((import, export), (neighbor.Import.Name, neighbor.Export.Name));
    }

    [Fact]
    public void AcceptAndRejectHelpersForTheDaemon()
    {
        Assert.True(PolicyReference.Accept.IsAcceptAll);
        Assert.False(PolicyReference.Accept.IsRejectAll);
        Assert.True(PolicyReference.Reject.IsRejectAll);
        Assert.False(new PolicyReference("local-routes").IsAcceptAll);
    }

    [Fact]
    public void RedistributeMarksALoadBalancerPeer()
    {
        var neighbor = Valid(WithNeighbor("redistribute: true\n    import: host-routes\n    export: reject")).Neighbors[0];

        Assert.True(neighbor.Redistribute);
    }

    [Fact]
    public void AllowAsInDefaultsToNoneAndTakesACount()
    {
        Assert.Equal(0, Valid(WithNeighbor("import: accept")).Neighbors[0].AllowAsIn);
        Assert.Equal(2, Valid(WithNeighbor("allowAsIn: 2")).Neighbors[0].AllowAsIn);
        Assert.Contains(Parse(WithNeighbor("allowAsIn: 11")).Errors, e => e.Message.Contains("allowAsIn", StringComparison.Ordinal));
    }

    [Fact]
    public void Rfc8212EbgpWithoutPoliciesRejectsBothWaysAndWarns()
    {
        var result = Parse(WithNeighbor("description: leaf"));

        Assert.True(result.IsValid);
        var neighbor = result.Config.Neighbors[0];
        Assert.Equal((PolicyReference.Reject, PolicyReference.Reject), (neighbor.Import, neighbor.Export));
        Assert.Equal(
        [
            "bgpspeaker.yaml:34:14: neighbor 10.255.0.1: no import policy: nothing is accepted from this eBGP peer (RFC 8212); set import: accept or a policy",
            "bgpspeaker.yaml:34:14: neighbor 10.255.0.1: no export policy: nothing is sent to this eBGP peer (RFC 8212); set export: local-routes or a policy",
        ], result.Warnings.Select(w => w.ToString()));
    }

    [Theory]
    [InlineData("external")]
    [InlineData("65002")]
    public void Rfc8212WarnsOnlyForTheMissingDirection(string remoteAs)
    {
        var result = Parse(WithNeighbor("import: accept", remoteAs));

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("no export policy", warning.Message, StringComparison.Ordinal);
        Assert.Equal((PolicyReference.Accept, PolicyReference.Reject), (result.Config!.Neighbors[0].Import, result.Config.Neighbors[0].Export));
    }

    [Theory]
    [InlineData("internal")]
    [InlineData("65010")]
    public void IbgpNeighborsDefaultToAcceptWithoutWarning(string remoteAs)
    {
        var result = Parse(WithNeighbor("description: rr", remoteAs));

        Assert.Empty(result.Warnings);
        Assert.Equal((PolicyReference.Accept, PolicyReference.Accept), (result.Config!.Neighbors[0].Import, result.Config.Neighbors[0].Export));
    }

    [Fact]
    public void ConfigValidatePrintsWarnings()
    {
        var output = new StringWriter();

        ConfigCommand.PrintWarnings(Parse(WithNeighbor("import: accept")), output);

        Assert.Equal("bgpspeaker.yaml:34:14: warning: neighbor 10.255.0.1: no export policy: nothing is sent to this eBGP peer (RFC 8212); "
            + "set export: local-routes or a policy" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void WarningsComeWithErrorsToo()
    {
        var result = Parse(WithNeighbor("import: accept") + "\nnetworks: [{prefix: 10.0.0.1/8}]\n");

        Assert.False(result.IsValid);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void SameTextGivesEqualConfigurationsAndAnEmptyDiff()
    {
        string yaml = WithNeighbor("import: full\n    export: short");

        Assert.Equal(Valid(yaml), Valid(yaml));
        Assert.True(Valid(yaml).Diff(Valid(yaml)).IsEmpty);
    }

    [Fact]
    public void DiffNamesPoliciesWhosePrefixListsChanged()
    {
        string before = WithNeighbor("import: full\n    export: short");
        string after = before.Replace("- 10.0.0.10/32", "- 10.0.0.11/32", StringComparison.Ordinal);

        var diff = Valid(before).Diff(Valid(after));

        Assert.Equal(["full", "short"], diff.ChangedPolicies);
        Assert.Empty(diff.ChangedNeighbors);
    }

    [Fact]
    public void DiffSeesARedistributeChange()
    {
        var diff = Valid(WithNeighbor("import: accept\n    export: accept")).Diff(Valid(WithNeighbor("import: accept\n    export: accept\n    redistribute: true")));

        Assert.Equal(["redistribute"], Assert.Single(diff.ChangedNeighbors).Settings);
    }
}
