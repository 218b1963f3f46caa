using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Routing.Tests.Policy.PolicyFixtures;

namespace BgpSpeaker.Routing.Tests.Policy;

public class TermOrderTests
{
    [Fact]
    public void FirstDecidingTermWins()
    {
        var policy = Build(PolicyAction.Accept,
            new PolicyTerm { Match = new() { PrefixLists = ["nodes"] }, Action = PolicyAction.Reject },
            new PolicyTerm { Match = new() { PrefixLists = ["hosts"] }, Action = PolicyAction.Accept });

        Assert.False(Run(policy, Node, Attrs()).IsAccepted);
        Assert.True(Run(policy, Prefix.Parse("192.0.2.1/32"), Attrs()).IsAccepted);
    }

    [Fact]
    public void NextCarriesTheModifiedAttributesToLaterTerms()
    {
        var policy = Build(
            new PolicyTerm { Set = new() { AddCommunities = [C(65010, 1)] } },
            new PolicyTerm { Match = new() { Communities = [C(65010, 1)] }, Set = new() { LocalPref = 300 }, Action = PolicyAction.Accept });

        var result = Run(policy, Node, Attrs());

        Assert.True(result.IsAccepted);
        Assert.Equal([C(65010, 1)], result.Attributes!.Communities);
        Assert.Equal(300u, result.Attributes.LocalPref);
    }

    [Fact]
    public void TermWithoutActionGoesOnToTheNext()
    {
        Assert.Equal(PolicyAction.Next, new PolicyTerm().Action);
        var policy = Build(PolicyAction.Accept, new PolicyTerm { Set = new() { Med = 7 } }, new PolicyTerm { Set = new() { LocalPref = 9 } });

        var result = Run(policy, Node, Attrs());

        Assert.Equal((7u, 9u), (result.Attributes!.MultiExitDisc, result.Attributes.LocalPref));
    }

    [Fact]
    public void FallingOffTheEndTakesTheDefaultWithTheModifications()
    {
        var tagging = new PolicyTerm { Set = new() { AddCommunities = [C(1, 1)] } };

        Assert.False(Run(Build(tagging), Node, Attrs()).IsAccepted);
        Assert.Equal([C(1, 1)], Run(Build(PolicyAction.Accept, tagging), Node, Attrs()).Attributes!.Communities);
        Assert.Equal(PolicyAction.Reject, new PolicyDefinition("x", []).Default);
    }

    [Fact]
    public void RejectDiscardsEarlierModifications()
    {
        var policy = Build(PolicyAction.Accept,
            new PolicyTerm { Set = new() { Med = 1 } },
            new PolicyTerm { Match = new() { Family = Afi.Ipv6 }, Action = PolicyAction.Reject });

        Assert.False(Run(policy, V6, Attrs()).IsAccepted);
        Assert.Equal(1u, Run(policy, Node, Attrs()).Attributes!.MultiExitDisc);
    }
}
