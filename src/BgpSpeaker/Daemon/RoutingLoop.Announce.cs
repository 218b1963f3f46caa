using BgpSpeaker.Platform.Linux.Sockets;
using System.Buffers;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Transport;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>Export: the whole table to a new session, then each decision run's changes to every established one.</summary>
internal sealed partial class RoutingLoop
{
    private async ValueTask OnEstablishedAsync(Peer peer, NegotiatedSession session, CancellationToken cancellationToken)
    {
        if (peer.Runner.LocalAddress is not { } local)
        {
            return; // gone again before we got here; its Down follows
        }
        peer.Source.RouterId = session.RemoteRouterId;
        peer.Source.RemoteAs = session.RemoteAs;
        peer.Source.Address = peer.Config.Address is { } address ? IpAddresses.ToBits(address) : UInt128.Zero;
        peer.Export = ExportTargetFor(peer, session, local);
        // Changes waiting for a decision would otherwise reach this peer twice (in the table, then as changes).
        if (Core.PendingPrefixes > 0)
        {
            await ExportChangesAsync(Core.Process(), cancellationToken).ConfigureAwait(false);
        }
        var output = new ArrayBufferWriter<byte>();
        var (updates, announced) = UpdateBuilder.FullTable(output, Core, peer.Export, session.Families);
        await SendAsync(peer, output, updates, announced, announced, cancellationToken).ConfigureAwait(false);
    }

    private ExportTarget ExportTargetFor(Peer peer, NegotiatedSession session, System.Net.IPAddress local) =>
        new(peer.Source, _config.Asn, session.Codec, session.Families,
            NextHopFor(peer, AfiSafi.Ipv4Unicast, local, session), NextHopFor(peer, AfiSafi.Ipv6Unicast, local, session),
            peer.ExportPolicy);

    /// <summary>
    /// The next hop we announce to <paramref name="peer"/> for a family: the configured one, else our
    /// address on the session, else an address of the session's interface. When there is none the
    /// family's routes are not sent: logged once per neighbor and family, and shown by show neighbors.
    /// </summary>
    private NextHop? NextHopFor(Peer peer, AfiSafi family, System.Net.IPAddress local, NegotiatedSession session)
    {
        if (!session.Families.Contains(family))
        {
            return null;
        }
        var configured = family.Afi == Afi.Ipv4 ? peer.Config.NextHop?.Ipv4 : peer.Config.NextHop?.Ipv6;
        var nextHop = configured is not null
            ? NextHopSelf.Configured(configured, local)
            : NextHopSelf.For(family, local, session.Codec.ExtendedNextHop.Contains(family), peer.NextHopForm, out var reason)
              ?? NextHopSelf.FromInterface(family, InterfaceAddresses.Beside(local), peer.NextHopForm)
              ?? Unusable(peer, family, $"{reason}, and the interface of {local} has no {(family.Afi == Afi.Ipv4 ? "IPv4" : "IPv6")} address to use instead; set nextHop.{(family.Afi == Afi.Ipv4 ? "ipv4" : "ipv6")} for this neighbor");
        if (nextHop is not null)
        {
            peer.NextHopProblems.Remove(family);
        }
        return nextHop;
    }

    private NextHop? Unusable(Peer peer, AfiSafi family, string why)
    {
        if (!peer.NextHopProblems.TryGetValue(family, out var known) || known != why)
        {
            RoutingLog.CannotAnnounce(_logger, peer.Name, family, why);
        }
        peer.NextHopProblems[family] = why;
        return null;
    }

    /// <summary>ROUTE-REFRESH: the family again, framed by Begin/End-of-Route-Refresh when enhanced refresh was negotiated (RFC 7313).</summary>
    private async ValueTask OnRefreshAsync(Peer peer, AfiSafi family, CancellationToken cancellationToken)
    {
        if (peer.Export is not { } target || peer.Runner.Negotiated is not { } session)
        {
            return;
        }
        var output = new ArrayBufferWriter<byte>();
        if (session.EnhancedRouteRefresh)
        {
            MessageEncoder.Write(output, new RouteRefreshMessage(family, RouteRefreshSubtype.BeginningOfRouteRefresh), session.Codec);
        }
        var (updates, announced) = UpdateBuilder.FullTable(output, Core, target, [family]);
        if (session.EnhancedRouteRefresh)
        {
            MessageEncoder.Write(output, new RouteRefreshMessage(family, RouteRefreshSubtype.EndOfRouteRefresh), session.Codec);
        }
        await peer.Runner.SendUpdatesAsync(output.WrittenMemory, updates, cancellationToken).ConfigureAwait(false);
        RoutingLog.Announced(_logger, peer.Name, announced, updates);
    }

    private async ValueTask ExportChangesAsync(RibChanges changes, CancellationToken cancellationToken)
    {
        if (Core.Forwarding.Count > 0)
        {
            Fib?.Post(Core.Forwarding, Core);
        }
        if (changes.Count == 0)
        {
            return;
        }
        _changesSinceCompact += changes.Count;
        foreach (var peer in Peers)
        {
            if (peer.Export is not { } target)
            {
                continue;
            }
            var output = new ArrayBufferWriter<byte>();
            var (updates, announced, _, net) = UpdateBuilder.Changes(output, Core, target, changes);
            if (updates > 0)
            {
                await SendAsync(peer, output, updates, announced, net, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask SendAsync(Peer peer, ArrayBufferWriter<byte> output, int updates, int announced, int net, CancellationToken cancellationToken)
    {
        if (await peer.Runner.SendUpdatesAsync(output.WrittenMemory, updates, cancellationToken).ConfigureAwait(false))
        {
            peer.Advertised += net;
            RoutingLog.Announced(_logger, peer.Name, announced, updates);
        }
    }
}
