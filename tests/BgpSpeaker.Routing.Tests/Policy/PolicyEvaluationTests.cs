using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Routing.Tests.Policy.PolicyFixtures;

namespace BgpSpeaker.Routing.Tests.Policy;

public class PolicyEvaluationTests
{
    [Fact]
    public void PrefixListConditionNeedsAnyOfTheLists()
    {
        var policy = Build(Accept(new() { PrefixLists = ["nodes", "fabric"] }));

        Assert.True(Run(policy, Node, Attrs()).IsAccepted);
        Assert.True(Run(policy, Fabric, Attrs()).IsAccepted);
        Assert.True(Run(policy, V6, Attrs()).IsAccepted);
        Assert.False(Run(policy, Prefix.Parse("192.0.2.0/24"), Attrs()).IsAccepted);
        Assert.False(Run(policy, Prefix.Parse("10.1.2.0/24"), Attrs()).IsAccepted);
    }

    [Fact]
    public void CommunityConditionNeedsAnyOfThem()
    {
        var policy = Build(Accept(new() { Communities = [C(65000, 1), C(65000, 2)] }));

        Assert.True(Run(policy, Node, Attrs(communities: [C(1, 1), C(65000, 2)])).IsAccepted);
        Assert.False(Run(policy, Node, Attrs(communities: [C(65000, 3)])).IsAccepted);
        Assert.False(Run(policy, Node, Attrs()).IsAccepted);
    }

    [Fact]
    public void LargeCommunityConditionNeedsAnyOfThem()
    {
        var policy = Build(Accept(new() { LargeCommunities = [new(4200000010, 1, 10)] }));

        Assert.True(Run(policy, Node, Attrs(large: [new(1, 2, 3), new(4200000010, 1, 10)])).IsAccepted);
        Assert.False(Run(policy, Node, Attrs(large: [new(4200000010, 1, 11)])).IsAccepted);
    }

    [Fact]
    public void AsPathContainsAnyOfTheAsns()
    {
        var policy = Build(Accept(new() { AsPathContains = [64512, 64513] }));

        Assert.True(Run(policy, Node, Attrs(path: [65001, 64513, 65003])).IsAccepted);
        Assert.False(Run(policy, Node, Attrs(path: [65001, 65002])).IsAccepted);
        var withSet = new PathAttributes { AsPath = new AsPath([new AsPathSegment(AsPathSegmentType.Set, [64512, 7])]) };
        Assert.True(Run(policy, Node, withSet).IsAccepted);
    }

    [Fact]
    public void AsPathLengthIsAMaximumAndASetCountsOne()
    {
        var policy = Build(Accept(new() { AsPathMaxLength = 2 }));

        Assert.True(Run(policy, Node, Attrs(path: [1, 2])).IsAccepted);
        Assert.False(Run(policy, Node, Attrs(path: [1, 2, 3])).IsAccepted);
        Assert.True(Run(policy, Node, new PathAttributes()).IsAccepted);
        var setPath = new AsPath([new AsPathSegment(AsPathSegmentType.Sequence, [1]), new AsPathSegment(AsPathSegmentType.Set, [2, 3, 4])]);
        Assert.True(Run(policy, Node, new PathAttributes { AsPath = setPath }).IsAccepted);
    }

    [Fact]
    public void FamilyCondition()
    {
        var policy = Build(Accept(new() { Family = Afi.Ipv6 }));

        Assert.True(Run(policy, V6, Attrs()).IsAccepted);
        Assert.False(Run(policy, Node, Attrs()).IsAccepted);
    }

    [Theory]
    [InlineData(RouteSources.Networks, RouteSource.Networks, true)]
    [InlineData(RouteSources.Networks, RouteSource.Learned, false)]
    [InlineData(RouteSources.Networks | RouteSources.Redistributed, RouteSource.Redistributed, true)]
    [InlineData(RouteSources.Learned, RouteSource.Learned, true)]
    [InlineData(RouteSources.Learned, RouteSource.Redistributed, false)]
    public void SourceCondition(RouteSources wanted, RouteSource actual, bool accepted)
    {
        Assert.Equal(accepted, Run(Build(Accept(new() { Sources = wanted })), Node, Attrs(), actual).IsAccepted);
    }

    [Fact]
    public void EveryConditionMustHold()
    {
        var policy = Build(Accept(new() { PrefixLists = ["nodes"], Communities = [C(65000, 1)], Family = Afi.Ipv4 }));

        Assert.True(Run(policy, Node, Attrs(communities: [C(65000, 1)])).IsAccepted);
        Assert.False(Run(policy, Node, Attrs()).IsAccepted);
        Assert.False(Run(policy, Fabric, Attrs(communities: [C(65000, 1)])).IsAccepted);
    }

    [Fact]
    public void SourceMatchesRouteSourceOfAPeer()
    {
        Assert.Equal(RouteSource.Networks, RouteSourceExtensions.SourceOf(new Rib.PeerInfo(0, "local", false, isLocal: true)));
        Assert.Equal(RouteSource.Redistributed, RouteSourceExtensions.SourceOf(new Rib.PeerInfo(1, "lb", true) { IsRedistributed = true }));
        Assert.Equal(RouteSource.Learned, RouteSourceExtensions.SourceOf(new Rib.PeerInfo(2, "leaf", true)));
    }

    [Fact]
    public void UnknownPrefixListDoesNotCompile()
    {
        var definition = new PolicyDefinition("p", [Accept(new() { PrefixLists = ["nope"] })]);

        var e = Assert.Throws<ArgumentException>(() => RoutePolicy.Compile(definition, Lists, LocalAs));
        Assert.Contains("unknown prefix list 'nope'", e.Message, StringComparison.Ordinal);
    }
}
