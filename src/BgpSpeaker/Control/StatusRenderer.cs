using System.Globalization;
using System.Text.Json;
using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon;
using BgpSpeaker.Daemon.State;
using BgpSpeaker.Session;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Transport;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Control;

/// <summary>
/// show summary, show neighbors and memory, built from the routing loop's last snapshot and each
/// session's own state, on the caller's thread: the routing loop is never entered.
/// </summary>
internal static class StatusRenderer
{
    public static string Render(StatusView view) => JsonSerializer.Serialize(view, ControlJson.Default.StatusView);

    public static StatusView Summary(SpeakerConfig config, RoutingSnapshot snapshot, Fabric.FabricService? fabric, Fabric.FibService? fib,
        IReadOnlyList<LocalPeerPool> localPeers, DateTimeOffset now) =>
        Neighbors(config, snapshot, now, null) with
        {
            Memory = CurrentMemory(collect: false),
            OpenFileDescriptors = OpenDescriptors(),
            RouterDiscovery = fabric?.Discovery is { } d ? new RouterDiscoveryView(d.Counters.AdvertisementsSent, d.Counters.AdvertisementsReceived,
                d.Counters.SolicitationsSent, d.Counters.SolicitationsReceived, d.Counters.MalformedDropped, d.Counters.WrongHopLimitDropped,
                d.Counters.SendFailures, d.LastMalformed) : null,
            LinkMonitor = fabric?.Links is { } l ? new LinkMonitorView(l.Counters.Overruns, l.Counters.Malformed, l.Counters.DumpFailures) : null,
            Fib = fib is null ? null : new FibTotalsView(fib.Desired, fib.Pending, fib.Counters.RoutesInstalled, fib.Counters.RoutesDeleted,
                fib.Counters.Failures, fib.Counters.Reconciliations),
            LocalPeers = localPeers.Count == 0 ? null : [.. localPeers.Select(LocalPeer)],
        };

    private static LocalPeerView LocalPeer(LocalPeerPool pool) => new(pool.Config.Name, [.. pool.Config.Ranges.Select(r => r.ToString())],
        pool.Config.Interface, pool.Config.Session.RemoteAs.ToString(), [.. pool.Config.Pools.Select(p => p.ToString())], pool.Config.MaxPeers,
        pool.Established, [.. pool.Slots.Select(s => s.Name)], new LocalRefusalsView(pool.RefusedFull, pool.RefusedInterface));

    /// <summary>
    /// Memory and descriptors, to see that flaps and hostile peers leave nothing behind. Only "memory"
    /// (what leak tests ask) collects first, to count live data: summary must never stall anything.
    /// </summary>
    public static StatusView Memory(SpeakerConfig config) =>
        Identity(config) with { Memory = CurrentMemory(collect: true), OpenFileDescriptors = OpenDescriptors() };

    /// <param name="only">One neighbor (by name or address), shown with its recent malformed UPDATEs; null for all.</param>
    public static StatusView Neighbors(SpeakerConfig config, RoutingSnapshot snapshot, DateTimeOffset now, string? only)
    {
        var neighbors = snapshot.Neighbors.Where(n => only is null || n.Peer.Name == only || n.Config.Key == only).ToList();
        if (only is not null && neighbors.Count == 0)
        {
            return Identity(config) with { Error = $"no neighbor named '{only}'; show neighbors lists them" };
        }
        return Identity(config) with
        {
            AttributeSets = snapshot.AttributeSets,
            LocRibIpv4 = snapshot.LocRibIpv4,
            LocRibIpv6 = snapshot.LocRibIpv6,
            Neighbors = [.. neighbors.Select(n => Neighbor(n, now, detailed: only is not null))],
        };
    }

    private static StatusView Identity(SpeakerConfig config) => new() { Asn = config.Asn, RouterId = config.RouterId.ToString() };

    private static NeighborView Neighbor(NeighborRouting n, DateTimeOffset now, bool detailed)
    {
        var runner = n.Peer.Runner;
        var fsm = runner.Fsm;
        bool established = fsm.State == SessionState.Established && fsm.EstablishedAt is not null;
        // What dropped the last established session; a failed attempt since is shown beside it, not instead.
        var lastDown = fsm.LastSessionDown ?? fsm.LastDown;
        return new NeighborView
        {
            Name = n.Peer.Name,
            Address = (n.Config.Address ?? n.Peer.Remote)?.ToString(),
            Description = n.Config.Description,
            RemoteAs = n.Config.RemoteAs.ToString(),
            Interface = n.Peer.Port is { } port
                ? new PortView(port.Name, port.Index, port.LinkUsable, port.Remote is { } remote ? new System.Net.IPAddress(remote.GetAddressBytes()).ToString() : null, port.State)
                : null,
            State = fsm.State.ToString(),
            Passive = fsm.Settings.Passive, // as the session runs it (a reload may have changed it)
            ConnectRetrySeconds = (int)fsm.Settings.ConnectRetryTime.TotalSeconds,
            UptimeSeconds = established ? (long)(now - fsm.EstablishedAt!.Value).TotalSeconds : null,
            DownSeconds = !established && fsm.LastSessionDown is { } wentDown ? (long)(now - wentDown.At).TotalSeconds : null,
            Session = runner.Negotiated is { } s
                ? new SessionView(s.RemoteAs, IpAddresses.V4ToString(s.RemoteRouterId), s.RemoteHostName, s.HoldTime.Seconds, (int)s.KeepaliveInterval.TotalSeconds,
                    [.. s.Families.Select(f => f.ToString()).Order()], s.Codec.FourOctetAs, s.Codec.ExtendedNextHop.Count > 0, s.RouteRefresh,
                    s.EnhancedRouteRefresh, s.Codec.MaxMessageSize)
                : null,
            PrefixesReceived = n.Received,
            PrefixesReceivedIpv4 = n.ReceivedIpv4,
            PrefixesReceivedIpv6 = n.ReceivedIpv6,
            PrefixesAdvertised = n.Advertised,
            NotAnnounced = n.NotAnnounced.Count == 0 ? null : n.NotAnnounced.ToDictionary(p => p.Key.ToString(), p => p.Value),
            Flaps = runner.Flaps,
            Announcements = new AnnouncementsView(n.Imported.Received, n.Imported.Accepted, n.Imported.RejectedByPolicy, n.Imported.RejectedAsLoop, n.Imported.TreatedAsWithdraw),
            MalformedUpdates = n.Malformed,
            RecentMalformedUpdates = detailed ? [.. n.RecentMalformed.Reverse().Select(Malformed)] : null,
            SendQueueBytes = runner.QueuedBytes,
            MessagesReceived = Messages(runner.Received),
            MessagesSent = Messages(runner.Sent),
            LastDown = lastDown is null ? null : Down(lastDown),
            LastFailedAttempt = fsm.LastDown is { } failure && failure != lastDown ? Down(failure) : null,
        };
    }

    private static MalformedView Malformed(MalformedUpdate m) =>
        new(Timestamp(m.At), m.Handling, m.Reasons, m.AttributeHex, m.Prefixes, m.MorePrefixes);

    private static MessagesView Messages(MessageCounters c) => new(c.Open, c.Update, c.Notification, c.Keepalive, c.RouteRefresh, c.Total);

    private static DownView Down(DownReason down) => new(down.Kind.ToString(), down.Describe(), Timestamp(down.At));

    private static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static MemoryView CurrentMemory(bool collect) => new(GC.GetTotalMemory(forceFullCollection: collect), GC.GetGCMemoryInfo().HeapSizeBytes,
        Environment.WorkingSet, GC.CollectionCount(GC.MaxGeneration));

    private static long? OpenDescriptors() =>
        Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount() : null;
}
