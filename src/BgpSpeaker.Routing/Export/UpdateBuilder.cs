using System.Buffers;
using System.Runtime.InteropServices;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>
/// Turns Loc-RIB changes into UPDATEs for one peer: routes grouped by their outgoing attribute set and
/// packed as many to a message as fit, withdrawals packed too.
/// </summary>
public static class UpdateBuilder
{
    // A message's header and path attributes, as usually seen: the size estimate's allowance per UPDATE.
    private const int MessageOverhead = 19 + 128;

    /// <summary>
    /// UPDATEs for what changed in one decision run. Returns the UPDATEs written, the prefixes announced
    /// (new or replaced) and withdrawn, and the change in how many prefixes the peer now holds from us.
    /// </summary>
    public static (int Updates, int Announced, int Withdrawn, int Net) Changes(IBufferWriter<byte> output, RoutingCore core, ExportTarget target, RibChanges changes)
    {
        var v4 = Changes(output, core, target, changes.V4, Afi.Ipv4);
        var v6 = Changes(output, core, target, changes.V6, Afi.Ipv6);
        return (v4.Updates + v6.Updates, v4.Announced + v6.Announced, v4.Withdrawn + v6.Withdrawn, v4.Net + v6.Net);
    }

    /// <summary>The whole Loc-RIB, then End-of-RIB per family: what a newly established peer gets.</summary>
    public static (int Updates, int Announced) FullTable(IBufferWriter<byte> output, RoutingCore core, ExportTarget target, IEnumerable<AfiSafi> families)
    {
        int updates = 0, announced = 0;
        foreach (var family in families.Where(target.Families.Contains))
        {
            var (u, a, _, _) = family.Afi == Afi.Ipv4
                ? Changes(output, core, target, [.. core.V4.Entries.Select(e => new RouteChange<V4Key>(e.Key, null, e.Value))], Afi.Ipv4)
                : Changes(output, core, target, [.. core.V6.Entries.Select(e => new RouteChange<V6Key>(e.Key, null, e.Value))], Afi.Ipv6);
            UpdatePacker.WriteEndOfRib(output, family);
            updates += u + 1;
            announced += a;
        }
        return (updates, announced);
    }

    /// <summary>
    /// After an export policy change: what <paramref name="after"/> lets through that <paramref name="before"/>
    /// did not (or with other attributes) is announced, what it no longer lets through is withdrawn.
    /// Both targets must share the core's attribute store, so equal outgoing sets are the same instance.
    /// </summary>
    public static (int Updates, int Announced, int Withdrawn, int Net) Reexport(IBufferWriter<byte> output, RoutingCore core, ExportTarget before, ExportTarget after)
    {
        var v4 = Reexport(output, core, before, after, core.V4, Afi.Ipv4);
        var v6 = Reexport(output, core, before, after, core.V6, Afi.Ipv6);
        return (v4.Updates + v6.Updates, v4.Announced + v6.Announced, v4.Withdrawn + v6.Withdrawn, v4.Net + v6.Net);
    }

    private static (int Updates, int Announced, int Withdrawn, int Net) Reexport<TKey>(IBufferWriter<byte> output, RoutingCore core,
        ExportTarget before, ExportTarget after, LocRib<TKey> loc, Afi afi) where TKey : struct, IRouteKey<TKey>
    {
        if (!after.Carries(afi))
        {
            return (0, 0, 0, 0);
        }
        var groups = after.Groups;
        int added = 0;
        try
        {
            foreach (var (key, best) in loc.Entries)
            {
                var prefix = key.ToPrefix();
                var old = Outgoing(core, before, best, prefix);
                var now = Outgoing(core, after, best, prefix);
                if (now is not null && !ReferenceEquals(now, old))
                {
                    added += old is null ? 1 : 0;
                    groups.Announce(now.Id, prefix);
                }
                else if (now is null && old is not null)
                {
                    groups.Withdrawals.Add(new NlriEntry(prefix, 0));
                }
            }
            return Write(output, core, after, groups, afi, added);
        }
        finally
        {
            groups.Clear();
        }
    }

    private static (int Updates, int Announced, int Withdrawn, int Net) Changes<TKey>(IBufferWriter<byte> output, RoutingCore core, ExportTarget target,
        List<RouteChange<TKey>> changes, Afi afi) where TKey : struct, IRouteKey<TKey>
    {
        if (changes.Count == 0 || target.RejectsAll || !target.Carries(afi))
        {
            return (0, 0, 0, 0);
        }
        var groups = target.Groups;
        int added = 0;
        try
        {
            ReserveFor(groups, changes);
            foreach (var change in changes)
            {
                var prefix = change.Key.ToPrefix();
                bool had = Outgoing(core, target, change.Old, prefix) is not null;
                if (Outgoing(core, target, change.New, prefix) is { } now)
                {
                    added += had ? 0 : 1;
                    groups.Announce(now.Id, prefix);
                }
                else if (had)
                {
                    groups.Withdrawals.Add(new NlriEntry(prefix, 0));
                }
            }
            return Write(output, core, target, groups, afi, added);
        }
        finally
        {
            groups.Clear();
        }
    }

    /// <summary>
    /// Sizes the groups for this run: every change with a new route may be announced, and those without
    /// one withdrawn (a replaced route the policy now refuses is a withdrawal too; the list grows for it).
    /// </summary>
    private static void ReserveFor<TKey>(UpdateGroups groups, List<RouteChange<TKey>> changes) where TKey : struct, IRouteKey<TKey>
    {
        int announcing = 0;
        foreach (var change in CollectionsMarshal.AsSpan(changes))
        {
            announcing += change.New is null ? 0 : 1;
        }
        groups.Reserve(announcing, changes.Count - announcing);
    }

    /// <summary>Packs the groups' withdrawals, then each attribute set's announcements (of a family the target carries: the callers check).</summary>
    private static (int Updates, int Announced, int Withdrawn, int Net) Write(IBufferWriter<byte> output, RoutingCore core, ExportTarget target,
        UpdateGroups groups, Afi afi, int added)
    {
        var family = new AfiSafi(afi, Safi.Unicast);
        int updates = 0, announced = 0;
        var runs = groups.Sort();
        if (groups.Withdrawals.Count + groups.AnnouncedCount > 0)
        {
            output.GetSpan(SizeHint(groups, target.Codec, family, runs.Count));
        }
        if (groups.Withdrawals.Count > 0)
        {
            updates += UpdatePacker.WriteWithdrawals(output, target.Codec, family, CollectionsMarshal.AsSpan(groups.Withdrawals));
        }
        foreach (var (id, start, count) in runs)
        {
            var route = core.Attributes[id];
            updates += UpdatePacker.WriteAnnouncements(output, target.Codec, family, route.Attributes, route.NextHop, groups.Prefixes(start, count));
            announced += count;
        }
        int withdrawn = groups.Withdrawals.Count;
        return (updates, announced, withdrawn, added - withdrawn);
    }

    /// <summary>
    /// One buffer of about the right size up front (a writer that doubles its way through a burst copies
    /// everything written so far each time, into fresh pages): the prefixes' own octets, an allowance per
    /// UPDATE, and one whole message of room, which the packer asks for before each message.
    /// </summary>
    private static int SizeHint(UpdateGroups groups, CodecContext codec, AfiSafi family, int attributeSets)
    {
        long octets = groups.PrefixOctets(codec.SendsPathId(family) ? 4 : 0);
        long messages = attributeSets + 1 + (octets / (codec.MaxMessageSize - MessageOverhead));
        return (int)Math.Min(Array.MaxLength, octets + (messages * MessageOverhead) + codec.MaxMessageSize);
    }

    private static RouteAttributes? Outgoing(RoutingCore core, ExportTarget target, BestRoute? best, Prefix prefix) =>
        best is { } b ? target.Outgoing(core[b.Peer], core.Attributes[b.AttributeId], prefix, core.Attributes) : null;
}
