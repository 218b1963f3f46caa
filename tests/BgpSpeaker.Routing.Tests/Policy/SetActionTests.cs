using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Attributes;
using static BgpSpeaker.Routing.Tests.Policy.PolicyFixtures;

namespace BgpSpeaker.Routing.Tests.Policy;

public class SetActionTests
{
    private static PathAttributes Apply(SetActions set, PathAttributes input) =>
        Run(Build(new PolicyTerm { Set = set, Action = PolicyAction.Accept }), Node, input).Attributes!;

    [Fact]
    public void CommunityAddAppendsInOrderWithoutDuplicates()
    {
        var result = Apply(new() { AddCommunities = [C(1, 3), C(1, 1), C(1, 4)] }, Attrs(communities: [C(1, 1), C(1, 2)]));

        Assert.Equal([C(1, 1), C(1, 2), C(1, 3), C(1, 4)], result.Communities);
    }

    [Fact]
    public void CommunityDeleteKeepsTheOrderOfTheRest()
    {
        var result = Apply(new() { DeleteCommunities = [C(1, 2), C(9, 9)] }, Attrs(communities: [C(1, 1), C(1, 2), C(1, 3)]));

        Assert.Equal([C(1, 1), C(1, 3)], result.Communities);
    }

    [Fact]
    public void CommunityReplaceThenDeleteThenAdd()
    {
        var replaced = Apply(new() { ReplaceCommunities = [C(2, 1), C(2, 2), C(2, 1)] }, Attrs(communities: [C(1, 1)]));
        Assert.Equal([C(2, 1), C(2, 2)], replaced.Communities);

        var all = Apply(new() { ReplaceCommunities = [C(2, 1), C(2, 2)], DeleteCommunities = [C(2, 2)], AddCommunities = [C(2, 2), C(3, 3)] },
            Attrs(communities: [C(1, 1)]));
        Assert.Equal([C(2, 1), C(2, 2), C(3, 3)], all.Communities);

        var cleared = Apply(new() { ReplaceCommunities = [] }, Attrs(communities: [C(1, 1)]));
        Assert.Empty(cleared.Communities);
    }

    [Fact]
    public void LargeCommunityAddAndDelete()
    {
        LargeCommunity a = new(1, 1, 1), b = new(2, 2, 2), c = new(3, 3, 3);
        var result = Apply(new() { AddLargeCommunities = [c, a], DeleteLargeCommunities = [b] }, Attrs(large: [a, b]));

        Assert.Equal([a, c], result.LargeCommunities);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void PrependOurAsCountTimes(int count)
    {
        var result = Apply(new() { Prepend = new AsPrepend(null, count) }, Attrs(path: [65001]));

        Assert.Equal([.. Enumerable.Repeat(LocalAs, count), 65001u], result.AsPath.Segments.SelectMany(s => s.Asns));
    }

    [Fact]
    public void PrependAnotherAs()
    {
        var result = Apply(new() { Prepend = new AsPrepend(64999, 2) }, Attrs(path: [65001]));

        Assert.Equal([64999u, 64999u, 65001u], result.AsPath.Segments.SelectMany(s => s.Asns));
    }

    [Fact]
    public void MedAndLocalPref()
    {
        var result = Apply(new() { Med = 50, LocalPref = 200 }, Attrs(med: 10));

        Assert.Equal((50u, 200u), (result.MultiExitDisc, result.LocalPref));
        Assert.Equal(Attrs(med: 50, localPref: 200), result);
    }

    [Fact]
    public void UnchangedAttributesAreTheSameInstance()
    {
        var input = Attrs(communities: [C(1, 1)], med: 5);

        Assert.Same(input, Apply(new() { AddCommunities = [C(1, 1)], Med = 5 }, input));
        Assert.Same(input, Apply(new() { DeleteCommunities = [C(7, 7)] }, input));
        Assert.Same(input, Run(Build(PolicyAction.Accept), Node, input).Attributes);
    }

    [Fact]
    public void OtherAttributesAreKept()
    {
        var input = new PathAttributes
        {
            Origin = Origin.Egp,
            AsPath = AsPath.FromSequence(1, 2),
            AtomicAggregate = true,
            Aggregator = new Aggregator(5, 6),
            ExtendedCommunities = [new ExtendedCommunity(42)],
            OriginatorId = 9,
            ClusterList = [1, 2],
            Unknown = [new RawAttribute(AttributeFlags.Optional | AttributeFlags.Transitive, 99, [1, 2])],
        };

        var result = Apply(new() { LocalPref = 7 }, input);

        Assert.Equal(new PathAttributes
        {
            Origin = input.Origin, AsPath = input.AsPath, AtomicAggregate = true, Aggregator = input.Aggregator,
            ExtendedCommunities = input.ExtendedCommunities, OriginatorId = 9, ClusterList = input.ClusterList, Unknown = input.Unknown, LocalPref = 7,
        }, result);
    }
}
