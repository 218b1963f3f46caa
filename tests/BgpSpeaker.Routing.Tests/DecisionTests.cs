using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Tests;

/// <summary>One test per step of RFC 4271 §9.1.2.2: two candidates that tie on everything before it.</summary>
public class DecisionTests
{
    private static PeerInfo Peer(int id, bool external = true, uint routerId = 0, uint address = 0, bool local = false) =>
        new(id, $"p{id}", external, local) { RouterId = routerId == 0 ? (uint)(0x0A000000 + id) : routerId, Address = address == 0 ? (UInt128)(0x0AFF0000u + (uint)id) : address };

    private static Candidate Route(PeerInfo peer, uint[] path, uint? localPref = null, Origin origin = Origin.Igp, uint? med = null, uint? originatorId = null) =>
        new(peer, new RouteAttributes(new PathAttributes { AsPath = AsPath.FromSequence(path), LocalPref = localPref, Origin = origin, MultiExitDisc = med, OriginatorId = originatorId },
            NextHop.V4(0x0AFF0000u + (uint)peer.Id)));

    private static (int Best, DecisionStep[] LostAt, bool[] Multipath) Select(MultipathOptions? options, params Candidate[] candidates)
    {
        var lostAt = new DecisionStep[candidates.Length];
        var multipath = new bool[candidates.Length];
        int best = BestPathSelection.Select(candidates, lostAt, multipath, options ?? new MultipathOptions { MaximumPaths = 1 });
        return (best, lostAt, multipath);
    }

    [Fact]
    public void LocallyOriginatedWinsFirst()
    {
        var (best, lost, _) = Select(null, Route(Peer(1), [65001]), Route(Peer(0, local: true), []));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.LocalOrigin, lost[0]);
    }

    [Fact]
    public void HigherLocalPrefWins()
    {
        var (best, lost, _) = Select(null, Route(Peer(1, external: false), [65001], localPref: 100), Route(Peer(2, external: false), [65001, 65002, 65003], localPref: 200));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.LocalPref, lost[0]);
    }

    [Fact]
    public void ShorterAsPathWins()
    {
        var (best, lost, _) = Select(null, Route(Peer(1), [65001, 65100]), Route(Peer(2), [65002]));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.AsPathLength, lost[0]);
    }

    [Fact]
    public void AsSetCountsAsOne()
    {
        var set = new Candidate(Peer(1), new RouteAttributes(new PathAttributes
        {
            AsPath = new AsPath([new AsPathSegment(AsPathSegmentType.Sequence, [65001]), new AsPathSegment(AsPathSegmentType.Set, [1, 2, 3, 4])]),
        }, NextHop.V4(1)));
        var (best, lost, _) = Select(null, Route(Peer(2), [65002, 65003, 65004]), set);
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.AsPathLength, lost[0]);
    }

    [Fact]
    public void LowerOriginWins()
    {
        var (best, lost, _) = Select(null, Route(Peer(1), [65001], origin: Origin.Incomplete), Route(Peer(2), [65002], origin: Origin.Igp));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.Origin, lost[0]);
    }

    [Fact]
    public void LowerMedWinsWithinTheSameNeighborAs()
    {
        var (best, lost, _) = Select(null, Route(Peer(1), [65001], med: 50), Route(Peer(2), [65001], med: 10));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.MultiExitDisc, lost[0]);
    }

    [Fact]
    public void MedIsNotComparedAcrossNeighborAses()
    {
        // Peer 1's router id is lower, so it wins at the router id step: MED 50 did not count against it.
        var (best, lost, _) = Select(null, Route(Peer(1), [65001], med: 50), Route(Peer(2), [65002], med: 10));
        Assert.Equal(0, best);
        Assert.Equal(DecisionStep.RouterId, lost[1]);
    }

    [Fact]
    public void MissingMedCountsAsZero()
    {
        var (best, lost, _) = Select(null, Route(Peer(1), [65001], med: 5), Route(Peer(2), [65001]));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.MultiExitDisc, lost[0]);
    }

    [Fact]
    public void ExternalBeatsInternal()
    {
        var (best, lost, _) = Select(null, Route(Peer(1, external: false), [65001]), Route(Peer(2), [65002]));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.ExternalOverInternal, lost[0]);
    }

    [Fact]
    public void LowerRouterIdWins()
    {
        var (best, lost, _) = Select(null, Route(Peer(1, routerId: 0x0A000009), [65001]), Route(Peer(2, routerId: 0x0A000002), [65002]));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.RouterId, lost[0]);
    }

    [Fact]
    public void OriginatorIdStandsInForTheRouterId()
    {
        var (best, lost, _) = Select(null, Route(Peer(1, routerId: 0x0A000001), [65001], originatorId: 0x0A0000FF), Route(Peer(2, routerId: 0x0A000002), [65002]));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.RouterId, lost[0]);
    }

    [Fact]
    public void LowerPeerAddressBreaksTheLastTie()
    {
        var (best, lost, _) = Select(null, Route(Peer(1, routerId: 7, address: 0x0A000005), [65001]), Route(Peer(2, routerId: 7, address: 0x0A000003), [65002]));
        Assert.Equal(1, best);
        Assert.Equal(DecisionStep.PeerAddress, lost[0]);
    }

    [Fact]
    public void TwoLeavesInDifferentAsesAreEqualCostWithAsPathRelax()
    {
        var (best, lost, multipath) = Select(new MultipathOptions { AsPathRelax = true }, Route(Peer(1), [65001, 65100]), Route(Peer(2), [65002, 65100]));
        Assert.Equal(0, best);
        Assert.Equal([true, true], multipath);
        Assert.Equal(DecisionStep.RouterId, lost[1]);
    }

    [Fact]
    public void WithoutRelaxOnlyIdenticalAsPathsShareThePrefix()
    {
        var options = new MultipathOptions { AsPathRelax = false };
        Assert.Equal([true, false], Select(options, Route(Peer(1), [65001, 65100]), Route(Peer(2), [65002, 65100])).Multipath);
        Assert.Equal([true, true], Select(options, Route(Peer(1), [65000, 65100]), Route(Peer(2), [65000, 65100])).Multipath);
    }

    [Fact]
    public void MultipathStopsAtTheMaximumAndExcludesWorsePaths()
    {
        var options = new MultipathOptions { MaximumPaths = 2 };
        var (_, _, multipath) = Select(options, Route(Peer(1), [65001]), Route(Peer(2), [65002]), Route(Peer(3), [65003]), Route(Peer(4), [65004, 65005]));
        Assert.Equal([true, true, false, false], multipath);
    }
}
