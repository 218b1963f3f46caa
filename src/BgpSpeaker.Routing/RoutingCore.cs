using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing;

/// <summary>
/// What one UPDATE did to an Adj-RIB-In: <see cref="Announced"/> prefixes stored (accepted),
/// <see cref="Withdrawn"/> removed; and of the prefixes it announced (<see cref="Received"/>), how many
/// the import policy refused, how many held our AS (a loop) and how many a malformation made withdrawn.
/// </summary>
public readonly record struct RibChange(int Announced, int Withdrawn)
{
    public int Received { get; init; }

    public int RejectedByPolicy { get; init; }

    public int RejectedAsLoop { get; init; }

    public int TreatedAsWithdraw { get; init; }

    public static RibChange operator +(RibChange a, RibChange b) => new(a.Announced + b.Announced, a.Withdrawn + b.Withdrawn)
    {
        Received = a.Received + b.Received,
        RejectedByPolicy = a.RejectedByPolicy + b.RejectedByPolicy,
        RejectedAsLoop = a.RejectedAsLoop + b.RejectedAsLoop,
        TreatedAsWithdraw = a.TreatedAsWithdraw + b.TreatedAsWithdraw,
    };
}

/// <summary>What one UPDATE did, and where its source now stands against its max-prefix.</summary>
public readonly record struct ImportOutcome(RibChange Change, PrefixLimitState Limit);

/// <summary>The decision's output for one run: every prefix whose best route changed, per family.</summary>
public sealed record RibChanges(List<RouteChange<V4Key>> V4, List<RouteChange<V6Key>> V6)
{
    public int Count => V4.Count + V6.Count;
}

/// <summary>
/// The routing core: one Adj-RIB-In per source and family, the Loc-RIB, and the decision process run
/// once per batch over the prefixes the batch touched. Owned by a single thread (the daemon's routing
/// loop); nothing in it locks. Routes are stored as prefix → interned attribute id.
/// </summary>
public sealed partial class RoutingCore(MultipathOptions? multipath = null)
{
    /// <summary>Our AS: a path that holds it more often than the source's <see cref="PeerInfo.AllowAsIn"/> is a loop. 0 checks nothing.</summary>
    public uint LocalAs { get; init; }

    private sealed class Source(PeerInfo info)
    {
        public PeerInfo Info { get; } = info;
        public AdjRibTable<V4Key> V4 { get; } = new();
        public AdjRibTable<V6Key> V6 { get; } = new();
    }

    private readonly List<Source> _sources = [];
    // Prefixes touched since the last decision, in arrival order. A list, not a set: appending is
    // cheaper than hashing, and a prefix listed twice is decided twice with the same result (the
    // second run finds the Loc-RIB already up to date and reports no change).
    private readonly List<V4Key> _dirtyV4 = [];
    private readonly List<V6Key> _dirtyV6 = [];

    public MultipathOptions Multipath { get; } = multipath ?? MultipathOptions.Default;

    public AttributeStore Attributes { get; } = new();

    public LocRib<V4Key> V4 { get; } = new();

    public LocRib<V6Key> V6 { get; } = new();

    public IEnumerable<PeerInfo> Peers => _sources.Select(s => s.Info);

    public PeerInfo this[int peer] => _sources[peer].Info;

    /// <summary>Registers a route source (a neighbor, or the local system for configured networks).</summary>
    public PeerInfo AddPeer(string name, bool external, bool local = false, bool redistributed = false)
    {
        var info = new PeerInfo(_sources.Count, name, external, local) { IsRedistributed = redistributed };
        _sources.Add(new Source(info));
        return info;
    }

    /// <summary>Prefixes currently held from <paramref name="peer"/>: stored counts, not a walk.</summary>
    public int ReceivedCount(int peer, Afi? afi = null) => afi switch
    {
        Afi.Ipv4 => _sources[peer].V4.Count,
        Afi.Ipv6 => _sources[peer].V6.Count,
        _ => _sources[peer].V4.Count + _sources[peer].V6.Count,
    };

    /// <summary>Prefix changes waiting for a decision (a prefix changed twice counts twice).</summary>
    public int PendingPrefixes => _dirtyV4.Count + _dirtyV6.Count;

    /// <summary>
    /// Applies an UPDATE to the peer's Adj-RIB-In. Treat-as-withdraw (RFC 7606), paths that hold our AS
    /// (a loop, RFC 4271 §9.1.2) and routes the <paramref name="import"/> policy rejects are removed
    /// rather than stored; accepted routes are stored with the attributes the policy set. Then the
    /// source's max-prefix (RFC 4486) is checked against what it now holds.
    /// </summary>
    public ImportOutcome Apply(int peer, UpdateMessage update, PolicyCache? import = null)
    {
        var change = ApplyToRib(peer, update, import);
        return new ImportOutcome(change, CheckLimit(_sources[peer].Info, update));
    }

    private PrefixLimitState CheckLimit(PeerInfo info, UpdateMessage update)
    {
        if (info.PrefixLimit is not { } limit)
        {
            return PrefixLimitState.Within;
        }
        int held = ReceivedCount(info.Id);
        var state = held > limit.Limit ? PrefixLimitState.Exceeded
            : held >= limit.WarningThreshold ? PrefixLimitState.Warning
            : PrefixLimitState.Within;
        if (state <= info.PrefixLimitReported)
        {
            return PrefixLimitState.Within; // already said on this session
        }
        info.PrefixLimitReported = state;
        return state;
    }

    private bool IsLoop(PeerInfo source, PathAttributes attributes) =>
        LocalAs != 0 && attributes.AsPath.Occurrences(LocalAs) > source.AllowAsIn;

    private RibChange ApplyToRib(int peer, UpdateMessage update, PolicyCache? import)
    {
        var source = _sources[peer];
        int withdrawn = Withdraw(source, update.Withdrawn);
        if (update.MpUnreach is { } unreach)
        {
            withdrawn += Withdraw(source, unreach.Withdrawn);
        }
        bool malformed = update.Action == ErrorAction.TreatAsWithdraw || update.Attributes is null;
        bool loop = !malformed && IsLoop(source.Info, update.Attributes!);
        var change = new RibChange(0, withdrawn);
        if (update.NextHop is { } nextHop || malformed || loop)
        {
            change += Reach(source, update.Nlri, malformed, loop, () => Attributes.Intern(update.Attributes!, update.NextHop!.Value), import);
        }
        if (update.MpReach is { } reach)
        {
            change += Reach(source, reach.Nlri, malformed, loop, () => Attributes.Intern(update.Attributes!, reach.NextHop), import);
        }
        return change;
    }

    /// <summary>Reachable NLRI: stored through the import policy, or withdrawn when malformed or a loop.</summary>
    private RibChange Reach(Source source, NlriBlock nlri, bool malformed, bool loop, Func<RouteAttributes> route, PolicyCache? import)
    {
        if (nlri.IsEmpty)
        {
            return default;
        }
        if (malformed || loop)
        {
            return new RibChange(0, Withdraw(source, nlri))
            {
                Received = nlri.Count,
                TreatedAsWithdraw = malformed ? nlri.Count : 0,
                RejectedAsLoop = loop ? nlri.Count : 0,
            };
        }
        var change = Announce(source, nlri, route(), import);
        return change with { Received = nlri.Count, RejectedByPolicy = nlri.Count - change.Announced };
    }

    /// <summary>Adds or replaces a locally originated route (a configured network).</summary>
    public void Originate(int localPeer, Prefix prefix, PathAttributes attributes, NextHop nextHop)
    {
        Store(_sources[localPeer], prefix, Attributes.Intern(attributes, nextHop).Id);
    }

    /// <summary>
    /// Gives back memory after a burst (a full table learned or lost): tables shed their growth slack,
    /// the pending sets their peak size and the last decision's change lists their buffers (so the
    /// <see cref="RibChanges"/> <see cref="Process()"/> returned last are emptied). Costs a repack of
    /// each table that shrank; call it when idle.
    /// </summary>
    public void Compact()
    {
        _changes.V4.Clear();
        _changes.V6.Clear();
        _changes.V4.Capacity = _changes.V6.Capacity = 0;
        foreach (var source in _sources)
        {
            source.V4.Trim();
            source.V6.Trim();
        }
        V4.Trim();
        V6.Trim();
        _dirtyV4.TrimExcess();
        _dirtyV6.TrimExcess();
    }

    /// <summary>
    /// Drops the attribute sets no route holds any more (a peer that keeps changing a MED would
    /// otherwise grow the store for the daemon's life). Caches keyed by attribute ids — export targets
    /// and policy caches — must be cleared by the caller when this returns more than zero. Call it
    /// between decision runs (nothing pending).
    /// </summary>
    public int ReleaseUnusedAttributes()
    {
        var used = new System.Collections.BitArray(Attributes.Created);
        foreach (var source in _sources)
        {
            foreach (var entry in source.V4.Entries)
            {
                used[entry.Value] = true;
            }
            foreach (var entry in source.V6.Entries)
            {
                used[entry.Value] = true;
            }
        }
        // The Loc-RIB's sets are among those once decided; marked too in case a decision is pending.
        foreach (var entry in V4.Entries)
        {
            used[entry.Value.AttributeId] = true;
        }
        foreach (var entry in V6.Entries)
        {
            used[entry.Value.AttributeId] = true;
        }
        return Attributes.Release(id => used[id]);
    }

    /// <summary>Removes one route of a source (a network no longer configured); returns whether it was there.</summary>
    public bool Withdraw(int peer, Prefix prefix) => Remove(_sources[peer], prefix);

    /// <summary>The session went down: every route from the peer goes (RFC 4271 §8.2.2, "deletes all routes").</summary>
    public int WithdrawAll(int peer)
    {
        var source = _sources[peer];
        source.Info.PrefixLimitReported = PrefixLimitState.Within;
        int count = source.V4.Count + source.V6.Count;
        foreach (var entry in source.V4.Entries)
        {
            _dirtyV4.Add(entry.Key);
        }
        foreach (var entry in source.V6.Entries)
        {
            _dirtyV6.Add(entry.Key);
        }
        source.V4.Clear();
        source.V6.Clear();
        return count;
    }

    private RibChange Announce(Source source, NlriBlock block, RouteAttributes route, PolicyCache? import)
    {
        if (import is null || import.Policy.IsAcceptAll)
        {
            return new RibChange(Store(source, block, route.Id), 0);
        }
        var kind = RouteSourceExtensions.SourceOf(source.Info);
        if (!import.Policy.UsesPrefixLists)
        {
            // One outcome for the whole block: the policy cannot tell its prefixes apart.
            return import.Apply(block.Family.Afi, route, kind) is { } accepted
                ? new RibChange(Store(source, block, accepted.Id), 0)
                : new RibChange(0, Withdraw(source, block));
        }
        int announced = 0, withdrawn = 0;
        foreach (var entry in block)
        {
            if (import.Apply(entry.Prefix, route, kind) is { } accepted)
            {
                Store(source, entry.Prefix, accepted.Id);
                announced++;
            }
            else
            {
                withdrawn += Remove(source, entry.Prefix) ? 1 : 0;
            }
        }
        return new RibChange(announced, withdrawn);
    }

    private int Store(Source source, NlriBlock block, int attributeId)
    {
        if (block.Family.Afi == Afi.Ipv4)
        {
            foreach (var entry in block)
            {
                var key = V4Key.From(entry.Prefix);
                Mark(source.V4.Set(key, attributeId), key, _dirtyV4);
            }
        }
        else
        {
            foreach (var entry in block)
            {
                var key = V6Key.From(entry.Prefix);
                Mark(source.V6.Set(key, attributeId), key, _dirtyV6);
            }
        }
        return block.Count;
    }

    private void Store(Source source, Prefix prefix, int attributeId)
    {
        if (prefix.Afi == Afi.Ipv4)
        {
            Mark(source.V4.Set(V4Key.From(prefix), attributeId), V4Key.From(prefix), _dirtyV4);
        }
        else
        {
            Mark(source.V6.Set(V6Key.From(prefix), attributeId), V6Key.From(prefix), _dirtyV6);
        }
    }

    private bool Remove(Source source, Prefix prefix) => prefix.Afi == Afi.Ipv4
        ? Mark(source.V4.Remove(V4Key.From(prefix)), V4Key.From(prefix), _dirtyV4)
        : Mark(source.V6.Remove(V6Key.From(prefix)), V6Key.From(prefix), _dirtyV6);

    private int Withdraw(Source source, NlriBlock block)
    {
        int removed = 0;
        foreach (var entry in block)
        {
            removed += Remove(source, entry.Prefix) ? 1 : 0;
        }
        return removed;
    }

    private static bool Mark<TKey>(bool changed, TKey key, List<TKey> dirty)
    {
        if (changed)
        {
            dirty.Add(key);
        }
        return changed;
    }
}
