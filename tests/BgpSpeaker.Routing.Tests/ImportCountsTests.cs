using BgpSpeaker.Wire.Errors;
using static BgpSpeaker.Routing.Tests.RoutingCoreTests;

namespace BgpSpeaker.Routing.Tests;

/// <summary>What Apply reports of the prefixes an UPDATE announced: the counters operators see per neighbor.</summary>
public class ImportCountsTests
{
    [Fact]
    public void AcceptedPrefixesAreReceivedAndStored()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        Assert.Equal(new RibChange(2, 0) { Received = 2 }, core.Apply(leaf.Id, Announce([65001], 1, "10.1.0.0/16", "10.2.0.0/16")).Change);
    }

    [Fact]
    public void ALoopIsCountedAndReplacesWhatWasStored()
    {
        var core = new RoutingCore { LocalAs = 65010 };
        var leaf = core.AddPeer("leaf", external: true);
        core.Apply(leaf.Id, Announce([65001], 1, "10.1.0.0/16"));
        var change = core.Apply(leaf.Id, Announce([65001, 65010], 1, "10.1.0.0/16", "10.2.0.0/16")).Change;
        Assert.Equal(new RibChange(0, 1) { Received = 2, RejectedAsLoop = 2 }, change);
        Assert.Equal(0, core.ReceivedCount(leaf.Id));
    }

    [Fact]
    public void TreatAsWithdrawIsCountedPerPrefix()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        var malformed = Announce([65001], 1, "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16");
        malformed = new Wire.Messages.UpdateMessage
        {
            Attributes = malformed.Attributes,
            NextHop = malformed.NextHop,
            Nlri = malformed.Nlri,
            Action = ErrorAction.TreatAsWithdraw,
        };
        Assert.Equal(new RibChange(0, 0) { Received = 3, TreatedAsWithdraw = 3 }, core.Apply(leaf.Id, malformed).Change);
    }

    [Fact]
    public void AllowAsInToleratesOurAsThatManyTimes()
    {
        var core = new RoutingCore { LocalAs = 65010 };
        var leaf = core.AddPeer("leaf", external: true);
        leaf.AllowAsIn = 1;
        Assert.Equal(1, core.Apply(leaf.Id, Announce([65001, 65010], 1, "10.1.0.0/16")).Change.Announced);
        Assert.Equal(1, core.Apply(leaf.Id, Announce([65001, 65010, 65010], 1, "10.2.0.0/16")).Change.RejectedAsLoop);
    }

    [Fact]
    public void MaxPrefixWarnsOnceThenReportsExceededOncePerSession()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        leaf.PrefixLimit = new Rib.PrefixLimit(3, 2, null);
        Assert.Equal(Rib.PrefixLimitState.Within, core.Apply(leaf.Id, Announce([65001], 1, "10.1.0.0/16")).Limit);
        Assert.Equal(Rib.PrefixLimitState.Warning, core.Apply(leaf.Id, Announce([65001], 1, "10.2.0.0/16")).Limit);
        Assert.Equal(Rib.PrefixLimitState.Within, core.Apply(leaf.Id, Announce([65001], 1, "10.3.0.0/16")).Limit); // warned already; at the limit, not over
        Assert.Equal(Rib.PrefixLimitState.Exceeded, core.Apply(leaf.Id, Announce([65001], 1, "10.4.0.0/16")).Limit);
        Assert.Equal(Rib.PrefixLimitState.Within, core.Apply(leaf.Id, Announce([65001], 1, "10.5.0.0/16")).Limit); // said once: the session is ending

        core.WithdrawAll(leaf.Id); // the session went down; the next one starts afresh
        Assert.Equal(Rib.PrefixLimitState.Warning, core.Apply(leaf.Id, Announce([65001], 1, "10.1.0.0/16", "10.2.0.0/16")).Limit);
    }
}
