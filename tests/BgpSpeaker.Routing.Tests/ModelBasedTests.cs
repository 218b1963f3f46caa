using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;
using CsCheck;

namespace BgpSpeaker.Routing.Tests;

/// <summary>
/// Random announce/withdraw/peer-down sequences from several peers, processed in random batches: the
/// incremental Loc-RIB must equal a naive reference that recomputes every prefix from scratch.
/// </summary>
public class ModelBasedTests
{
    private abstract record Op;
    private sealed record AnnounceOp(int Peer, int Prefix, int PathLength, int Med) : Op;
    private sealed record WithdrawOp(int Peer, int Prefix) : Op;
    private sealed record DownOp(int Peer) : Op;
    private sealed record ProcessOp : Op;

    private const int Peers = 3;
    private const int PrefixPool = 12;

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, Peers - 1], Gen.Int[0, PrefixPool - 1], Gen.Int[1, 3], Gen.Int[0, 2], (p, x, l, m) => (Op)new AnnounceOp(p, x, l, m))),
        (3, Gen.Select(Gen.Int[0, Peers - 1], Gen.Int[0, PrefixPool - 1], (p, x) => (Op)new WithdrawOp(p, x))),
        (1, Gen.Int[0, Peers - 1].Select(p => (Op)new DownOp(p))),
        (2, Gen.Const((Op)new ProcessOp())));

    private static Prefix PrefixOf(int i) => Prefix.V4(0x0A000000u + ((uint)i << 8), 24);

    private static PathAttributes Attributes(int peer, int pathLength, int med) => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence([.. Enumerable.Range(0, pathLength).Select(i => (uint)(65001 + peer * 10 + i))]),
        MultiExitDisc = (uint)med,
    };

    [Fact]
    public void IncrementalLocRibEqualsNaiveRecomputation()
    {
        Ops.Array[1, 60].Sample(ops =>
        {
            var core = new RoutingCore(new MultipathOptions { MaximumPaths = 4 });
            var peers = Enumerable.Range(0, Peers).Select(i =>
            {
                var peer = core.AddPeer($"p{i}", external: true);
                peer.RouterId = (uint)(100 - i); // router ids in reverse order of peer ids
                return peer;
            }).ToArray();
            var model = new Dictionary<(int Peer, int Prefix), (int PathLength, int Med)>();

            foreach (var op in ops.Append(new ProcessOp()))
            {
                switch (op)
                {
                    case AnnounceOp a:
                        core.Apply(a.Peer, new Wire.Messages.UpdateMessage
                        {
                            Attributes = Attributes(a.Peer, a.PathLength, a.Med),
                            NextHop = NextHop.V4(0x0A000001u + (uint)a.Peer),
                            Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, PrefixOf(a.Prefix)),
                        });
                        model[(a.Peer, a.Prefix)] = (a.PathLength, a.Med);
                        break;
                    case WithdrawOp w:
                        core.Apply(w.Peer, RoutingCoreTests.Withdraw(PrefixOf(w.Prefix).ToString()));
                        model.Remove((w.Peer, w.Prefix));
                        break;
                    case DownOp d:
                        core.WithdrawAll(d.Peer);
                        foreach (var key in model.Keys.Where(k => k.Peer == d.Peer).ToList())
                        {
                            model.Remove(key);
                        }
                        break;
                    case ProcessOp:
                        core.Process();
                        break;
                }
            }

            for (int x = 0; x < PrefixPool; x++)
            {
                var expected = NaiveBest(model, x);
                bool has = core.V4.TryGet(V4Key.From(PrefixOf(x)), out var best);
                Assert.Equal(expected is not null, has);
                if (expected is { } e)
                {
                    Assert.Equal(e.Peer, best.Peer);
                    Assert.Equal(e.Paths, best.Paths);
                }
            }
        }, iter: 500);
    }

    /// <summary>The reference: shortest path, then lowest MED within the same first AS (each peer has its own), then multipath, then highest peer id (lowest router id).</summary>
    private static (int Peer, int Paths)? NaiveBest(Dictionary<(int Peer, int Prefix), (int PathLength, int Med)> model, int prefix)
    {
        var routes = model.Where(kv => kv.Key.Prefix == prefix).Select(kv => (kv.Key.Peer, kv.Value.PathLength)).ToList();
        if (routes.Count == 0)
        {
            return null;
        }
        int shortest = routes.Min(r => r.PathLength);
        var equal = routes.Where(r => r.PathLength == shortest).ToList(); // every peer is its own neighbour AS: MED never compares
        return (equal.Max(r => r.Peer), equal.Count);
    }
}
