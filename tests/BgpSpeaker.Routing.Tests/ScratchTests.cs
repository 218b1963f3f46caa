using static BgpSpeaker.Routing.Tests.RoutingCoreTests;

namespace BgpSpeaker.Routing.Tests;

/// <summary>A run's scratch lists are sized in steps, not doubled: a run just over a power of two keeps little slack.</summary>
public class ScratchTests
{
    [Fact]
    public void ReserveRoundsUpToAStepAndNeverShrinks()
    {
        var list = new List<long>();

        Scratch.Reserve(list, 33_000);
        Assert.Equal(36_864, list.Capacity);

        Scratch.Reserve(list, 10);
        Assert.Equal(36_864, list.Capacity);
    }

    [Fact]
    public void ADecisionRunJustOverAPowerOfTwoKeepsLittleSlack()
    {
        var core = new RoutingCore();
        var feeder = core.AddPeer("feeder", external: true);
        core.Apply(feeder.Id, AnnounceAll(Consecutive24s(33_000)));

        var changes = core.Process();

        Assert.Equal(33_000, changes.V4.Count);
        Assert.Equal(36_864, changes.V4.Capacity); // doubling would have kept 65,536
    }
}
