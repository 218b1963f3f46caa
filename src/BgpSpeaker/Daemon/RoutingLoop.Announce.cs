using System.Buffers;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>What we announce: the configured networks, with next hop self, packed per attribute set.</summary>
internal sealed partial class RoutingLoop
{
    private async ValueTask AnnounceAsync(Peer peer, NegotiatedSession session, IReadOnlySet<AfiSafi> families, bool refresh, CancellationToken cancellationToken)
    {
        if (peer.Runner.LocalAddress is not { } local)
        {
            return;
        }
        bool external = !peer.Config.RemoteAs.IsInternal(config.Asn);
        var output = new ArrayBufferWriter<byte>();
        int updates = 0, prefixes = 0;
        foreach (var family in families.Where(session.Families.Contains))
        {
            bool enhanced = refresh && session.EnhancedRouteRefresh;
            if (enhanced)
            {
                MessageEncoder.Write(output, new RouteRefreshMessage(family, RouteRefreshSubtype.BeginningOfRouteRefresh), session.Codec);
            }
            if (peer.Config.Export == PolicyAction.Accept)
            {
                foreach (var group in Groups(peer, family, local, external, session))
                {
                    updates += UpdatePacker.WriteAnnouncements(output, session.Codec, family, group.Attributes, group.NextHop, group.Routes);
                    prefixes += group.Routes.Length;
                }
            }
            if (enhanced)
            {
                MessageEncoder.Write(output, new RouteRefreshMessage(family, RouteRefreshSubtype.EndOfRouteRefresh), session.Codec);
            }
            else
            {
                UpdatePacker.WriteEndOfRib(output, family);
                updates++;
            }
        }
        if (await peer.Runner.SendUpdatesAsync(output.WrittenMemory, updates, cancellationToken).ConfigureAwait(false))
        {
            peer.Advertised = refresh ? Math.Max(peer.Advertised, prefixes) : prefixes;
            DaemonLog.Announced(logger, peer.Name, prefixes, updates);
        }
    }

    private readonly record struct Group(PathAttributes Attributes, NextHop NextHop, NlriEntry[] Routes);

    private IEnumerable<Group> Groups(Peer peer, AfiSafi family, System.Net.IPAddress local, bool external, NegotiatedSession session)
    {
        var networks = config.Networks.Where(n => n.Prefix.Afi == family.Afi).ToList();
        if (networks.Count == 0)
        {
            return [];
        }
        bool extendedNextHop = session.Codec.ExtendedNextHop.Contains(family);
        if (NextHopSelf.For(family, local, extendedNextHop, LinkLocalNextHopForm.Both, out var reason) is not { } nextHop)
        {
            foreach (var network in networks)
            {
                DaemonLog.CannotAnnounce(logger, peer.Name, network.Prefix.ToString(), reason!);
            }
            return [];
        }
        return networks
            .GroupBy(n => Interner.Intern(ExportRules.ForPeer(Originated(n), config.Asn, external, originatedLocally: true)))
            .Select(g => new Group(g.Key, nextHop, [.. g.Select(n => new NlriEntry(n.Prefix, 0))]));
    }

    private static PathAttributes Originated(NetworkConfig network) => new()
    {
        Origin = Origin.Igp,
        MultiExitDisc = network.Med,
        Communities = [.. network.Communities],
        LargeCommunities = [.. network.LargeCommunities],
    };
}
