using System.Buffers;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>
/// Turns Loc-RIB changes into UPDATEs for one peer: routes grouped by their outgoing attribute set and
/// packed as many to a message as fit, withdrawals packed too.
/// </summary>
public static class UpdateBuilder
{
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

    private static (int Updates, int Announced, int Withdrawn, int Net) Changes<TKey>(IBufferWriter<byte> output, RoutingCore core, ExportTarget target,
        List<RouteChange<TKey>> changes, Afi afi) where TKey : struct, IRouteKey<TKey>
    {
        if (changes.Count == 0)
        {
            return (0, 0, 0, 0);
        }
        var groups = new Dictionary<int, List<NlriEntry>>();
        var withdrawals = new List<NlriEntry>();
        int added = 0;
        foreach (var change in changes)
        {
            var now = Outgoing(core, target, change.New, afi);
            if (now is not null)
            {
                added += Outgoing(core, target, change.Old, afi) is null ? 1 : 0;
                if (!groups.TryGetValue(now.Id, out var list))
                {
                    groups[now.Id] = list = [];
                }
                list.Add(new NlriEntry(change.Key.ToPrefix(), 0));
            }
            else if (Outgoing(core, target, change.Old, afi) is not null)
            {
                withdrawals.Add(new NlriEntry(change.Key.ToPrefix(), 0));
            }
        }
        var family = new AfiSafi(afi, Safi.Unicast);
        int updates = 0, announced = 0;
        if (withdrawals.Count > 0)
        {
            updates += UpdatePacker.WriteWithdrawals(output, target.Codec, family, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(withdrawals));
        }
        foreach (var (id, routes) in groups)
        {
            var route = core.Attributes[id];
            updates += UpdatePacker.WriteAnnouncements(output, target.Codec, family, route.Attributes, route.NextHop, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(routes));
            announced += routes.Count;
        }
        return (updates, announced, withdrawals.Count, added - withdrawals.Count);
    }

    private static RouteAttributes? Outgoing(RoutingCore core, ExportTarget target, BestRoute? best, Afi afi) =>
        best is { } b ? target.Outgoing(core[b.Peer], core.Attributes[b.AttributeId], afi, core.Attributes) : null;
}
