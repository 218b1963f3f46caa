using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing;

/// <summary>What one UPDATE did to an Adj-RIB-In.</summary>
public readonly record struct RibChange(int Announced, int Withdrawn);

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
    private sealed class Source(PeerInfo info)
    {
        public PeerInfo Info { get; } = info;
        public AdjRibTable<V4Key> V4 { get; } = new();
        public AdjRibTable<V6Key> V6 { get; } = new();
    }

    private readonly List<Source> _sources = [];
    private readonly HashSet<V4Key> _dirtyV4 = [];
    private readonly HashSet<V6Key> _dirtyV6 = [];

    public MultipathOptions Multipath { get; } = multipath ?? MultipathOptions.Default;

    public AttributeStore Attributes { get; } = new();

    public LocRib<V4Key> V4 { get; } = new();

    public LocRib<V6Key> V6 { get; } = new();

    public IEnumerable<PeerInfo> Peers => _sources.Select(s => s.Info);

    public PeerInfo this[int peer] => _sources[peer].Info;

    /// <summary>Registers a route source (a neighbor, or the local system for configured networks).</summary>
    public PeerInfo AddPeer(string name, bool external, bool local = false)
    {
        var info = new PeerInfo(_sources.Count, name, external, local);
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

    public int PendingPrefixes => _dirtyV4.Count + _dirtyV6.Count;

    /// <summary>
    /// Applies an UPDATE to the peer's Adj-RIB-In. Treat-as-withdraw (RFC 7606) and routes that
    /// <paramref name="reject"/> refuses are removed rather than stored.
    /// </summary>
    public RibChange Apply(int peer, UpdateMessage update, Func<PathAttributes, bool>? reject = null)
    {
        var source = _sources[peer];
        int withdrawn = Withdraw(source, update.Withdrawn);
        if (update.MpUnreach is { } unreach)
        {
            withdrawn += Withdraw(source, unreach.Withdrawn);
        }
        bool refused = update.Action == ErrorAction.TreatAsWithdraw || update.Attributes is null
            || (reject is not null && reject(update.Attributes));
        int announced = 0;
        if (update.NextHop is { } nextHop || refused)
        {
            announced += refused ? 0 : Announce(source, update.Nlri, Attributes.Intern(update.Attributes!, update.NextHop!.Value));
            withdrawn += refused ? Withdraw(source, update.Nlri) : 0;
        }
        if (update.MpReach is { } reach)
        {
            announced += refused ? 0 : Announce(source, reach.Nlri, Attributes.Intern(update.Attributes!, reach.NextHop));
            withdrawn += refused ? Withdraw(source, reach.Nlri) : 0;
        }
        return new RibChange(announced, withdrawn);
    }

    /// <summary>Adds or replaces a locally originated route (a configured network).</summary>
    public void Originate(int localPeer, Prefix prefix, PathAttributes attributes, NextHop nextHop)
    {
        var route = Attributes.Intern(attributes, nextHop);
        var source = _sources[localPeer];
        if (prefix.Afi == Afi.Ipv4)
        {
            Mark(source.V4.Set(V4Key.From(prefix), route.Id), V4Key.From(prefix), _dirtyV4);
        }
        else
        {
            Mark(source.V6.Set(V6Key.From(prefix), route.Id), V6Key.From(prefix), _dirtyV6);
        }
    }

    /// <summary>The session went down: every route from the peer goes (RFC 4271 §8.2.2, "deletes all routes").</summary>
    public int WithdrawAll(int peer)
    {
        var source = _sources[peer];
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

    private int Announce(Source source, NlriBlock block, RouteAttributes route)
    {
        if (block.Family.Afi == Afi.Ipv4)
        {
            source.V4.EnsureCapacity(source.V4.Count + block.Count);
            foreach (var entry in block)
            {
                var key = V4Key.From(entry.Prefix);
                Mark(source.V4.Set(key, route.Id), key, _dirtyV4);
            }
        }
        else
        {
            foreach (var entry in block)
            {
                var key = V6Key.From(entry.Prefix);
                Mark(source.V6.Set(key, route.Id), key, _dirtyV6);
            }
        }
        return block.Count;
    }

    private int Withdraw(Source source, NlriBlock block)
    {
        int removed = 0;
        foreach (var entry in block)
        {
            bool gone = entry.Prefix.Afi == Afi.Ipv4
                ? Mark(source.V4.Remove(V4Key.From(entry.Prefix)), V4Key.From(entry.Prefix), _dirtyV4)
                : Mark(source.V6.Remove(V6Key.From(entry.Prefix)), V6Key.From(entry.Prefix), _dirtyV6);
            removed += gone ? 1 : 0;
        }
        return removed;
    }

    private static bool Mark<TKey>(bool changed, TKey key, HashSet<TKey> dirty)
    {
        if (changed)
        {
            dirty.Add(key);
        }
        return changed;
    }
}
