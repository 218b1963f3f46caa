using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Forwarding;

/// <summary>One next hop of a prefix's forwarding entry: the neighbor the path came from, and the next hop it gave.</summary>
public readonly record struct ForwardingHop(int Peer, NextHop NextHop);

/// <summary>A prefix whose forwarding entry may have changed: its hops are <c>Hops[First..First+Count]</c>; none means no route.</summary>
public readonly record struct ForwardingChange(Prefix Prefix, int First, int Count);

/// <summary>
/// What a decision run means for the kernel FIB: for every prefix whose best route changed, and for
/// every touched prefix with more than one equal-cost path (a member may have changed while the best
/// stayed), the full set of equal-cost next hops. Routes of the local system are left out: they are
/// ours, not forwarded. A prefix touched twice in a batch may be listed twice: the last entry counts.
/// The lists are reused: valid until the next decision run.
/// </summary>
public sealed class ForwardingChanges
{
    private readonly List<ForwardingChange> _changes = [];
    private readonly List<ForwardingHop> _hops = [];

    public IReadOnlyList<ForwardingChange> Changes => _changes;

    public int Count => _changes.Count;

    /// <summary>The hops of one change.</summary>
    public ReadOnlySpan<ForwardingHop> HopsOf(ForwardingChange change) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_hops).Slice(change.First, change.Count);

    internal void Clear()
    {
        _changes.Clear();
        _hops.Clear();
    }

    internal void Removed(Prefix prefix) => _changes.Add(new ForwardingChange(prefix, _hops.Count, 0));

    internal void Add(Prefix prefix, ReadOnlySpan<ForwardingHop> hops)
    {
        _changes.Add(new ForwardingChange(prefix, _hops.Count, hops.Length));
        _hops.AddRange(hops);
    }
}
