namespace BgpSpeaker.Routing.Decision;

/// <summary>
/// The decision process as an explicit chain of eliminations (RFC 4271 §9.1.2.2): each step keeps the
/// candidates that are best at it and records, for the others, that this is where they lost. Written
/// as a set filter, never as a pairwise comparer: the MED step only compares routes from the same
/// neighbouring AS, which no total order can express.
/// </summary>
public static class BestPathSelection
{
    /// <summary>
    /// Selects the best of <paramref name="candidates"/> (at least one). <paramref name="lostAt"/> gets
    /// each candidate's outcome; <paramref name="multipath"/> marks the equal-cost paths (the best included).
    /// Returns the best's index.
    /// </summary>
    public static int Select(ReadOnlySpan<Candidate> candidates, Span<DecisionStep> lostAt, Span<bool> multipath, MultipathOptions options)
    {
        int n = candidates.Length;
        lostAt[..n].Clear(); // every candidate starts as DecisionStep.Best
        if (n > 1)
        {
            Keep(candidates, lostAt, DecisionStep.LocalOrigin, static c => c.Peer.IsLocal ? 0 : 1);
            Keep(candidates, lostAt, DecisionStep.LocalPref, static c => -(long)c.LocalPref);
            Keep(candidates, lostAt, DecisionStep.AsPathLength, static c => c.Route.AsPathLength);
            Keep(candidates, lostAt, DecisionStep.Origin, static c => (long)c.Route.Attributes.Origin);
            KeepLowestMedPerNeighborAs(candidates, lostAt);
            Keep(candidates, lostAt, DecisionStep.ExternalOverInternal, static c => c.Peer.IsExternal ? 0 : 1);
        }
        // Whoever is still in the running here is an equal-cost path, before the tie-breakers pick one.
        for (int i = 0; i < n; i++)
        {
            multipath[i] = lostAt[i] == DecisionStep.Best;
        }
        if (n > 1)
        {
            Keep(candidates, lostAt, DecisionStep.RouterId, static c => c.RouterIdForTieBreak);
            Keep(candidates, lostAt, DecisionStep.PeerAddress, static c => (long)(c.Peer.Address >> 64) ^ long.MinValue, second: static c => (long)(ulong)c.Peer.Address ^ long.MinValue);
        }
        // Two survivors of every step would be the same peer twice; arrival order decides.
        int best = lostAt[..n].IndexOf(DecisionStep.Best);
        for (int i = best + 1; i < n; i++)
        {
            lostAt[i] = lostAt[i] == DecisionStep.Best ? DecisionStep.PeerAddress : lostAt[i];
        }
        LimitMultipath(candidates, multipath, best, options);
        return best;
    }

    /// <summary>Keeps the survivors with the lowest key; the rest lose at <paramref name="step"/>.</summary>
    private static void Keep(ReadOnlySpan<Candidate> candidates, Span<DecisionStep> lostAt, DecisionStep step, Func<Candidate, long> key, Func<Candidate, long>? second = null)
    {
        long bestKey = long.MaxValue, bestSecond = long.MaxValue;
        for (int i = 0; i < candidates.Length; i++)
        {
            if (lostAt[i] != DecisionStep.Best)
            {
                continue;
            }
            long k = key(candidates[i]), s = second?.Invoke(candidates[i]) ?? 0;
            if (k < bestKey || (k == bestKey && s < bestSecond))
            {
                (bestKey, bestSecond) = (k, s);
            }
        }
        for (int i = 0; i < candidates.Length; i++)
        {
            if (lostAt[i] == DecisionStep.Best && (key(candidates[i]) != bestKey || (second?.Invoke(candidates[i]) ?? 0) != bestSecond))
            {
                lostAt[i] = step;
            }
        }
    }

    /// <summary>RFC 4271 §9.1.2.2 c: a route loses if another survivor from the same neighbouring AS has a lower MED.</summary>
    private static void KeepLowestMedPerNeighborAs(ReadOnlySpan<Candidate> candidates, Span<DecisionStep> lostAt)
    {
        Span<bool> loses = stackalloc bool[candidates.Length];
        for (int i = 0; i < candidates.Length; i++)
        {
            if (lostAt[i] != DecisionStep.Best)
            {
                continue;
            }
            for (int j = 0; j < candidates.Length; j++)
            {
                if (j != i && lostAt[j] == DecisionStep.Best && candidates[j].Route.NeighborAs == candidates[i].Route.NeighborAs
                    && candidates[j].Med < candidates[i].Med)
                {
                    loses[i] = true;
                    break;
                }
            }
        }
        for (int i = 0; i < candidates.Length; i++)
        {
            if (loses[i])
            {
                lostAt[i] = DecisionStep.MultiExitDisc;
            }
        }
    }

    /// <summary>Without AS-path relax, equal-cost paths must have the same AS path; at most MaximumPaths, best first.</summary>
    private static void LimitMultipath(ReadOnlySpan<Candidate> candidates, Span<bool> multipath, int best, MultipathOptions options)
    {
        var bestRoute = candidates[best];
        int paths = 1;
        for (int i = 0; i < candidates.Length; i++)
        {
            if (i == best || !multipath[i])
            {
                continue;
            }
            bool samePath = options.AsPathRelax || candidates[i].Route.Attributes.AsPath.Equals(bestRoute.Route.Attributes.AsPath);
            bool sameKind = candidates[i].Peer.IsExternal == bestRoute.Peer.IsExternal && !candidates[i].Peer.IsLocal;
            multipath[i] = samePath && sameKind && paths < options.MaximumPaths;
            paths += multipath[i] ? 1 : 0;
        }
        multipath[best] = true;
    }
}
