using System.Globalization;
using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon;
using BgpSpeaker.Daemon.State;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Transport;
using Prometheus;

namespace BgpSpeaker.Metrics;

/// <summary>
/// Every metric bgpspeaker exports (the README's table lists them with their MetalLB, GoBGP and
/// frr_exporter counterparts). Values are copied in just before each scrape from the routing loop's
/// snapshot, the sessions' own counters, router discovery and the FIB writer: a scrape never walks a
/// table or enters the routing loop. Series of a neighbor that went away are removed.
/// </summary>
internal sealed class SpeakerMetrics
{
    private static readonly string[] Neighbor = ["peer", "interface", "peer_as"];

    private readonly SpeakerConfig _config;
    private readonly Func<RoutingSnapshot> _snapshot;
    private readonly Func<Fabric.FabricService?> _fabric;
    private readonly Func<Fabric.FibService?> _fib;
    private readonly Func<Health.HealthService?> _health;
    private readonly Func<IReadOnlyList<LocalPeerPool>> _localPeers;
    private readonly TimeProvider _time;
    private readonly Dictionary<Collector, HashSet<string>> _written = [];

    private readonly Gauge _state, _up, _establishedSeconds, _lastDown, _accepted, _advertised, _sendQueue;
    private readonly Counter _flaps, _announcementsReceived, _announcementsAccepted, _announcementsRejected, _malformed;
    private readonly Counter _messagesReceived, _messagesSent, _notificationsReceived, _notificationsSent;
    private readonly Gauge _fabricPorts, _fabricEstablished;
    private readonly Counter _raSent, _raReceived, _rsSent, _rsReceived, _discoveryDropped, _discoverySendFailures, _linkOverruns;
    private readonly Gauge _fibRoutes, _fibPending, _fibInSync, _fibLastReconcile;
    private readonly Counter _fibInstalled, _fibDeleted, _fibErrors, _fibReconciliations;
    private readonly Gauge _localSessions, _localMaxSessions;
    private readonly Counter _localRefused;
    private readonly Gauge _ribRoutes, _attributeSets, _networkAnnounced, _networkHealthy, _probeUp, _buildInfo;

    public SpeakerMetrics(SpeakerConfig config, Func<RoutingSnapshot> snapshot, Func<Fabric.FabricService?> fabric, Func<Fabric.FibService?> fib,
        Func<Health.HealthService?> health, Func<IReadOnlyList<LocalPeerPool>> localPeers, TimeProvider time)
    {
        (_config, _snapshot, _fabric, _fib, _health, _localPeers, _time) = (config, snapshot, fabric, fib, health, localPeers, time);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        _state = f.CreateGauge("bgpspeaker_neighbor_state", "Session state as in RFC 4273 bgpPeerState: 1 idle, 2 connect, 3 active, 4 opensent, 5 openconfirm, 6 established.", Neighbor);
        _up = f.CreateGauge("bgpspeaker_neighbor_up", "1 while the session is Established, else 0.", Neighbor);
        _establishedSeconds = f.CreateGauge("bgpspeaker_neighbor_established_seconds", "How long the session has been Established; 0 while it is not.", Neighbor);
        _lastDown = f.CreateGauge("bgpspeaker_neighbor_last_down_timestamp_seconds", "When the last established session went down (Unix time), labelled with why.", [.. Neighbor, "reason"]);
        _flaps = f.CreateCounter("bgpspeaker_neighbor_flaps_total", "Established sessions that went down.", Neighbor);
        _accepted = f.CreateGauge("bgpspeaker_neighbor_prefixes_accepted", "Prefixes held from the peer after import policy (its Adj-RIB-In).", [.. Neighbor, "afi", "safi"]);
        _advertised = f.CreateGauge("bgpspeaker_neighbor_prefixes_advertised", "Prefixes announced to the peer on the current session.", Neighbor);
        _announcementsReceived = f.CreateCounter("bgpspeaker_neighbor_announcements_received_total", "Prefix announcements received from the peer.", Neighbor);
        _announcementsAccepted = f.CreateCounter("bgpspeaker_neighbor_announcements_accepted_total", "Prefix announcements stored.", Neighbor);
        _announcementsRejected = f.CreateCounter("bgpspeaker_neighbor_announcements_rejected_total", "Prefix announcements not stored: by import policy, as an AS loop, or withdrawn because their UPDATE was malformed (RFC 7606).", [.. Neighbor, "reason"]);
        _malformed = f.CreateCounter("bgpspeaker_neighbor_malformed_updates_total", "UPDATEs with an RFC 7606 error (treat-as-withdraw or attribute discard).", Neighbor);
        _messagesReceived = f.CreateCounter("bgpspeaker_neighbor_messages_received_total", "BGP messages received, by type.", [.. Neighbor, "type"]);
        _messagesSent = f.CreateCounter("bgpspeaker_neighbor_messages_sent_total", "BGP messages sent, by type.", [.. Neighbor, "type"]);
        _notificationsReceived = f.CreateCounter("bgpspeaker_neighbor_notifications_received_total", "NOTIFICATIONs received, by error code and subcode.", [.. Neighbor, "code", "subcode"]);
        _notificationsSent = f.CreateCounter("bgpspeaker_neighbor_notifications_sent_total", "NOTIFICATIONs sent, by error code and subcode.", [.. Neighbor, "code", "subcode"]);
        _sendQueue = f.CreateGauge("bgpspeaker_neighbor_send_queue_bytes", "Bytes queued for the peer and not yet written to its socket.", Neighbor);
        _fabricPorts = f.CreateGauge("bgpspeaker_fabric_ports", "Fabric interfaces present (each is one session to a leaf).");
        _fabricEstablished = f.CreateGauge("bgpspeaker_fabric_sessions_established", "Fabric sessions Established now.");
        _raSent = f.CreateCounter("bgpspeaker_router_advertisements_sent_total", "IPv6 Router Advertisements sent on fabric interfaces.");
        _raReceived = f.CreateCounter("bgpspeaker_router_advertisements_received_total", "IPv6 Router Advertisements received on fabric interfaces.");
        _rsSent = f.CreateCounter("bgpspeaker_router_solicitations_sent_total", "IPv6 Router Solicitations sent on fabric interfaces.");
        _rsReceived = f.CreateCounter("bgpspeaker_router_solicitations_received_total", "IPv6 Router Solicitations received on fabric interfaces.");
        _discoveryDropped = f.CreateCounter("bgpspeaker_router_discovery_dropped_total", "Router discovery packets dropped: malformed, or not sent with hop limit 255.", ["reason"]);
        _discoverySendFailures = f.CreateCounter("bgpspeaker_router_discovery_send_failures_total", "Router discovery packets the kernel refused to send.");
        _linkOverruns = f.CreateCounter("bgpspeaker_link_monitor_overruns_total", "rtnetlink link/address notifications lost to a full socket buffer (each answered by a fresh dump).");
        _fibRoutes = f.CreateGauge("bgpspeaker_fib_routes", "Routes bgpspeaker wants in the kernel.");
        _fibPending = f.CreateGauge("bgpspeaker_fib_pending_changes", "Route changes handed to the FIB writer and not yet written.");
        _fibInSync = f.CreateGauge("bgpspeaker_fib_in_sync", "1 when nothing is pending and no kernel write is left failed.");
        _fibLastReconcile = f.CreateGauge("bgpspeaker_fib_last_reconcile_differences", "Routes the last comparison with the kernel found wrong and fixed (added, replaced or deleted).");
        _fibInstalled = f.CreateCounter("bgpspeaker_fib_routes_installed_total", "Routes written to the kernel (created or replaced).");
        _fibDeleted = f.CreateCounter("bgpspeaker_fib_routes_deleted_total", "Routes deleted from the kernel.");
        _fibErrors = f.CreateCounter("bgpspeaker_fib_errors_total", "Kernel route writes that failed (netlink errors, ENOBUFS); each is retried by the next reconcile.");
        _fibReconciliations = f.CreateCounter("bgpspeaker_fib_reconciliations_total", "Comparisons of our routes with the kernel's (at start and after link events).");
        _localSessions = f.CreateGauge("bgpspeaker_local_peer_sessions", "Established sessions of a local load-balancer peer (localPeers entry).", ["local_peer"]);
        _localMaxSessions = f.CreateGauge("bgpspeaker_local_peer_max_sessions", "The entry's maxPeers: sessions it may have at once.", ["local_peer"]);
        _localRefused = f.CreateCounter("bgpspeaker_local_peer_connections_refused_total", "Connections from a local peer's range refused: every session busy (max_peers), or arrived on another interface (interface).", ["local_peer", "reason"]);
        _ribRoutes = f.CreateGauge("bgpspeaker_rib_routes", "Prefixes in the Loc-RIB.", ["afi"]);
        _attributeSets = f.CreateGauge("bgpspeaker_attribute_sets", "Distinct path attribute sets held.");
        _networkAnnounced = f.CreateGauge("bgpspeaker_network_announced", "1 while an originated prefix is announced (with or without a health failure's mark).", ["prefix"]);
        _networkHealthy = f.CreateGauge("bgpspeaker_network_healthy", "1 while a health-gated prefix's probes (and fabric gate) pass.", ["prefix"]);
        _probeUp = f.CreateGauge("bgpspeaker_health_probe_up", "1 while a health probe is up (risen), 0 while down or not yet risen.", ["prefix", "probe"]);
        _buildInfo = f.CreateGauge("bgpspeaker_build_info", "Always 1; the version as a label.", ["version"]);
        DotNetStats.Register(Registry);
        Registry.AddBeforeCollectCallback(Update);
    }

    public CollectorRegistry Registry { get; }

    public async Task<byte[]> ExportAsync(CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream, cancellationToken).ConfigureAwait(false);
        return stream.ToArray();
    }

    private void Update()
    {
        var now = _time.GetUtcNow();
        var snapshot = _snapshot();
        foreach (var keys in _written.Values)
        {
            keys.Clear();
        }
        foreach (var n in snapshot.Neighbors)
        {
            UpdateNeighbor(n, now);
        }
        _ribRoutes.WithLabels("ipv4").Set(snapshot.LocRibIpv4);
        _ribRoutes.WithLabels("ipv6").Set(snapshot.LocRibIpv6);
        _attributeSets.Set(snapshot.AttributeSets);
        var gated = _health()?.Networks ?? [];
        foreach (var network in _config.Networks)
        {
            var health = gated.FirstOrDefault(g => g.Network.Prefix == network.Prefix);
            Set(_networkAnnounced, [network.Prefix.ToString()], health?.Announced ?? true ? 1 : 0);
        }
        foreach (var network in gated)
        {
            string prefix = network.Network.Prefix.ToString();
            Set(_networkHealthy, [prefix], network.Healthy ? 1 : 0);
            foreach (var (runner, state) in network.Probes)
            {
                Set(_probeUp, [prefix, runner.Probe.Describe()], state.Verdict == Health.ProbeVerdict.Up ? 1 : 0);
            }
        }
        _buildInfo.WithLabels(typeof(SpeakerMetrics).Assembly.GetName().Version?.ToString() ?? "unknown").Set(1);
        foreach (var pool in _localPeers())
        {
            Set(_localSessions, [pool.Config.Name], pool.Established);
            Set(_localMaxSessions, [pool.Config.Name], pool.Config.MaxPeers);
            Count(_localRefused, [pool.Config.Name, "max_peers"], pool.RefusedFull);
            Count(_localRefused, [pool.Config.Name, "interface"], pool.RefusedInterface);
        }
        UpdateFabric(snapshot);
        UpdateFib();
        foreach (var (collector, written) in _written)
        {
            RemoveUnwritten(collector, written);
        }
    }

    private void UpdateNeighbor(NeighborRouting n, DateTimeOffset now)
    {
        var runner = n.Peer.Runner;
        var fsm = runner.Fsm;
        // The peer's AS as last negotiated (kept while the session is down, so its series stay the same), else as configured.
        uint learnedAs = n.Peer.Source.RemoteAs;
        string[] labels = [n.Peer.Name, n.Peer.Port?.Name ?? n.Config.Interface ?? "", learnedAs != 0 ? learnedAs.ToString(CultureInfo.InvariantCulture) : n.Config.RemoteAs.ToString()];
        bool established = fsm.State == SessionState.Established;
        Set(_state, labels, (int)fsm.State + 1);
        Set(_up, labels, established ? 1 : 0);
        Set(_establishedSeconds, labels, established && fsm.EstablishedAt is { } since ? (now - since).TotalSeconds : 0);
        if (fsm.LastSessionDown is { } down)
        {
            Set(_lastDown, [.. labels, down.Kind.ToString()], down.At.ToUnixTimeMilliseconds() / 1000.0);
        }
        Count(_flaps, labels, runner.Flaps);
        Set(_accepted, [.. labels, "ipv4", "unicast"], n.ReceivedIpv4);
        Set(_accepted, [.. labels, "ipv6", "unicast"], n.ReceivedIpv6);
        Set(_advertised, labels, n.Advertised);
        Count(_announcementsReceived, labels, n.Imported.Received);
        Count(_announcementsAccepted, labels, n.Imported.Accepted);
        Count(_announcementsRejected, [.. labels, "policy"], n.Imported.RejectedByPolicy);
        Count(_announcementsRejected, [.. labels, "as_loop"], n.Imported.RejectedAsLoop);
        Count(_announcementsRejected, [.. labels, "malformed"], n.Imported.TreatedAsWithdraw);
        Count(_malformed, labels, n.Malformed);
        CountMessages(_messagesReceived, _notificationsReceived, labels, runner.Received);
        CountMessages(_messagesSent, _notificationsSent, labels, runner.Sent);
        Set(_sendQueue, labels, runner.QueuedBytes);
    }

    private void CountMessages(Counter messages, Counter notifications, string[] labels, MessageCounters counters)
    {
        Count(messages, [.. labels, "open"], counters.Open);
        Count(messages, [.. labels, "update"], counters.Update);
        Count(messages, [.. labels, "notification"], counters.Notification);
        Count(messages, [.. labels, "keepalive"], counters.Keepalive);
        Count(messages, [.. labels, "route_refresh"], counters.RouteRefresh);
        foreach (var ((code, subcode), count) in counters.Notifications)
        {
            Count(notifications, [.. labels, code.ToString(CultureInfo.InvariantCulture), subcode.ToString(CultureInfo.InvariantCulture)], count);
        }
    }

    private void UpdateFabric(RoutingSnapshot snapshot)
    {
        if (_fabric() is { } fabric)
        {
            _fabricPorts.Set(fabric.Ports.Count());
            _fabricEstablished.Set(snapshot.FabricSessionsEstablished);
        }
        if (_fabric()?.Discovery is { } discovery)
        {
            var c = discovery.Counters;
            _raSent.IncTo(c.AdvertisementsSent);
            _raReceived.IncTo(c.AdvertisementsReceived);
            _rsSent.IncTo(c.SolicitationsSent);
            _rsReceived.IncTo(c.SolicitationsReceived);
            _discoveryDropped.WithLabels("malformed").IncTo(c.MalformedDropped);
            _discoveryDropped.WithLabels("hop_limit").IncTo(c.WrongHopLimitDropped);
            _discoverySendFailures.IncTo(c.SendFailures);
        }
        if (_fabric()?.Links is { } links)
        {
            _linkOverruns.IncTo(links.Counters.Overruns);
        }
    }

    private void UpdateFib()
    {
        if (_fib() is not { } fib)
        {
            return;
        }
        _fibRoutes.Set(fib.Desired);
        _fibPending.Set(fib.Pending);
        _fibInSync.Set(fib.InSync ? 1 : 0);
        _fibLastReconcile.Set(fib.LastReconcileDifferences);
        _fibInstalled.IncTo(fib.Counters.RoutesInstalled);
        _fibDeleted.IncTo(fib.Counters.RoutesDeleted);
        _fibErrors.IncTo(fib.Counters.Failures);
        _fibReconciliations.IncTo(fib.Counters.Reconciliations);
    }

    private void Set(Gauge gauge, string[] labels, double value)
    {
        gauge.WithLabels(labels).Set(value);
        Written(gauge, labels);
    }

    private void Count(Counter counter, string[] labels, double total)
    {
        counter.WithLabels(labels).IncTo(total);
        Written(counter, labels);
    }

    private void Written(Collector collector, string[] labels)
    {
        if (!_written.TryGetValue(collector, out var keys))
        {
            _written[collector] = keys = [];
        }
        keys.Add(string.Join('\u0001', labels));
    }

    /// <summary>A neighbor removed by a reload, or a last-down reason replaced: its old series go.</summary>
    private static void RemoveUnwritten(Collector collector, HashSet<string> written)
    {
        switch (collector)
        {
            case Gauge gauge:
                RemoveUnwritten(gauge, written);
                break;
            case Counter counter:
                RemoveUnwritten(counter, written);
                break;
        }
    }

    private static void RemoveUnwritten<TChild>(Collector<TChild> collector, HashSet<string> written) where TChild : ChildBase
    {
        foreach (var labels in collector.GetAllLabelValues().Where(l => !written.Contains(string.Join('\u0001', l))).ToList())
        {
            collector.RemoveLabelled(labels);
        }
    }
}
