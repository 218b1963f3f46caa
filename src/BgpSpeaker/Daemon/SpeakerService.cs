using BgpSpeaker.Platform.Linux.Sockets;
using System.Collections.Concurrent;
using System.Net;
using BgpSpeaker.Fabric;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Net.Sockets;
using BgpSpeaker.Configuration;
using BgpSpeaker.Control;
using BgpSpeaker.Routing;
using BgpSpeaker.Session;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Session.Runtime;
using BgpSpeaker.Transport;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>
/// The daemon: one runner per neighbor, the listener that routes accepted connections to them, the
/// routing loop and the control socket. Also the observer that turns session events into logs and
/// routing work.
/// </summary>
internal sealed class SpeakerService(SpeakerConfig config, DaemonOptions options, ILogger<SpeakerService> logger, TimeProvider time,
    DaemonExit exit, IHostApplicationLifetime lifetime)
    : BackgroundService, IPeerObserver
{
    private readonly RoutingLoop _routing = new(config, logger, time);
    private readonly ConcurrentDictionary<IPAddress, Peer> _byAddress = new();
    private readonly ConcurrentDictionary<PeerRunner, Peer> _byRunner = new();
    private FabricService? _fabric;
    private IReadOnlyList<LocalPeerPool> _localPeers = [];
    private BgpListener? _listener;
    private PendingInbound? _pending;
    private SourceReports? _strangers;
    private SourceReports? _busyLocalPeers;
    private ControlServer? _control;
    private Metrics.HttpEndpoint? _metrics;
    private Health.HealthService? _health;
    private volatile bool _running; // start-up done: a failure from here on is a bug, not the machine
    /// <summary>
    /// An unexpected exception stops the daemon with a non-zero exit code, so a supervisor
    /// (systemd's Restart=on-failure, Kubernetes, Talos) restarts it; it is logged, never swallowed.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!_running && e is SocketException or IOException or UnauthorizedAccessException)
        {
            // The machine refuses what the daemon needs (a port in use, a raw or netlink socket without
            // the capability): one plain sentence and exit 1, no stack trace.
            ProcessLog.CannotRun(logger, e.Message, "bgpspeaker needs CAP_NET_ADMIN, CAP_NET_RAW and CAP_NET_BIND_SERVICE, and its ports (BGP, metrics) free");
            exit.Fail(e);
            lifetime.StopApplication();
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            ProcessLog.Fatal(logger, "the daemon", $"{e.GetType().Name}: {e.Message}", e);
            exit.Fail(e);
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var peers = config.Neighbors.Select(CreatePeer).ToList();
        _routing.Peers.AddRange(peers);
        // Ports first: a second instance started by mistake fails here, before it touches the kernel
        // (taking over the FIB and withdrawing on the way out would remove the running one's routes).
        var endPoints = config.Listen.Addresses.Select(a => new IPEndPoint(a, options.Port ?? config.Listen.Port)).ToList();
        _strangers = new SourceReports((source, count) => SessionLog.UnknownPeer(logger, source, count), time);
        _busyLocalPeers = new SourceReports((source, count) => SessionLog.LocalPeerFull(logger, source, count), time);
        _pending = new PendingInbound((source, count) => SessionLog.TooManyPending(logger, source, count, PendingInbound.MaxPerSource), time);
        _listener = new BgpListener(endPoints, _pending, OnAcceptAsync);
        _listener.Start();
        foreach (var peer in peers.Where(p => !string.IsNullOrEmpty(p.Config.Password?.Value)))
        {
            foreach (var socket in _listener.Sockets)
            {
                SocketSecurity.SetMd5Password(socket, peer.Config.Address!, peer.Config.Password!.Value);
            }
        }
        StartMetrics();
        if (config.InstallsRoutes)
        {
            _routing.Fib = FibService.Start(config.Fib, logger, time);
        }
        var routing = _routing.RunAsync(stoppingToken);
        _health = Health.HealthService.Start(config.Networks, () => _routing.Snapshot.FabricSessionsEstablished,
            (prefix, healthy, cancellationToken) => _routing.PostAsync(new RoutingWork.Health(prefix, healthy), cancellationToken), logger, time);
        using var hangup = options.ConfigPath is { } path
            ? PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true; // SIGHUP means reload, not exit
                _ = ReloadAsync(path, stoppingToken);
            })
            : null;

        _localPeers = [.. config.LocalPeers.Select(l => new LocalPeerPool(l, (entry, n) => CreateLocalSlotAsync(entry, n, stoppingToken), time))];
        _control = new ControlServer(options.ControlSocket, AnswerAsync, logger);
        _control.Start();
        foreach (var peer in peers)
        {
            peer.Runner.Start(start: !peer.Config.Shutdown);
        }
        if (config.Fabric is { } fabric)
        {
            _fabric = new FabricService(fabric, (index, name) => CreateFabricPeerAsync(fabric, index, name, stoppingToken),
                () => _routing.Fib?.RequestReconcile(), logger);
            _fabric.Start();
        }
        ProcessLog.Started(logger, config.Asn, config.RouterId, peers.Count, config.Networks.Count, endPoints);
        _running = true;
        await routing.ConfigureAwait(false);
    }

    /// <summary>The HTTP endpoint, when configured; an address it cannot have stops the start (exit 1) with a sentence naming it.</summary>
    private void StartMetrics()
    {
        if (config.Metrics is not { } settings)
        {
            return;
        }
        var metrics = new Metrics.SpeakerMetrics(config, () => _routing.Snapshot, () => _fabric, () => _routing.Fib, () => _health, () => _localPeers, time);
        try
        {
            _metrics = Metrics.MetricsEndpoint.Start(settings.Listen, metrics, () => Metrics.Readiness.Evaluate(config, _running, _routing.Snapshot, _routing.Fib));
        }
        catch (SocketException e)
        {
            throw new IOException($"metrics.listen {settings.Listen}: {e.Message}", e);
        }
        MetricsLog.Listening(logger, settings.Listen.ToString());
    }

    /// <summary>
    /// A control-socket question. Status comes from the routing loop's last snapshot and the sessions
    /// themselves, the FIB answers for itself; only the routes are read inside the routing loop (a page at a time).
    /// </summary>
    private async Task<string> AnswerAsync(string command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (command)
        {
            case "summary":
                return StatusRenderer.Render(StatusRenderer.Summary(config, _routing.Snapshot, _fabric, _routing.Fib, _localPeers, now));
            case "neighbors":
                return StatusRenderer.Render(StatusRenderer.Neighbors(config, _routing.Snapshot, now, null));
            case var named when named.StartsWith("neighbors ", StringComparison.Ordinal):
                return StatusRenderer.Render(StatusRenderer.Neighbors(config, _routing.Snapshot, now, named["neighbors ".Length..].Trim()));
            case "memory":
                return StatusRenderer.Render(StatusRenderer.Memory(config));
            case "health":
                return HealthRenderer.Render(_health);
            case "fib":
                return _routing.Fib is { } fib
                    ? (await fib.ViewAsync(cancellationToken).ConfigureAwait(false)).ToJson()
                    : StatusRenderer.Render(new StatusView { Asn = config.Asn, RouterId = config.RouterId.ToString(),
                        Error = "routes are not installed in the kernel: no fabric and no fib section, or fib.install is false" });
            case var clear when clear.StartsWith("clear ", StringComparison.Ordinal):
                var words = clear.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return words.Length is 2 or 3 && (words.Length == 2 || words[2] == "soft")
                    ? await _routing.ClearAsync(words[1], words.Length == 3, cancellationToken).ConfigureAwait(false)
                    : JsonSerializer.Serialize(new ErrorView("usage: clear NAME [soft]"), ControlJson.Default.ErrorView);
            default:
                return await _routing.QueryAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the file again; a valid configuration goes to the routing loop, an invalid one is logged and ignored.</summary>
    private async Task ReloadAsync(string path, CancellationToken cancellationToken)
    {
        var loaded = ConfigLoader.Load(path, ConfigLoader.ProcessEnvironment());
        foreach (var warning in loaded.Warnings)
        {
            ConfigLog.ConfigWarning(logger, path, warning.ToWarningString());
        }
        if (!loaded.IsValid)
        {
            ConfigLog.ReloadRefused(logger, path, string.Join("; ", loaded.Errors.Select(e => e.ToString())));
            return;
        }
        try
        {
            await _routing.PostAsync(new RoutingWork.Reload(loaded.Config!, path), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Peer CreatePeer(NeighborConfig neighbor)
    {
        var settings = NeighborMapping.Settings(config, neighbor);
        var endPoint = NeighborMapping.EndPoint(neighbor, options.PeerPort ?? NeighborMapping.BgpPort);
        var connector = neighbor.Passive ? null : new TcpPeerConnector(endPoint, null, NeighborMapping.Security(neighbor));
        var runner = NewRunner(neighbor.Description ?? neighbor.Key, settings, connector);
        var external = !neighbor.RemoteAs.IsInternal(config.Asn);
        var peer = new Peer(neighbor, runner, _routing.Core.AddPeer(runner.Name, external, redistributed: neighbor.Redistribute));
        _routing.AttachPolicies(peer);
        _byAddress[PeerAddresses.Key(endPoint.Address)] = peer;
        _byRunner[runner] = peer;
        return peer;
    }

    /// <summary>A session's runner; the hidden --max-send-queue option (tests) overrides its send-queue bound.</summary>
    private PeerRunner NewRunner(string name, PeerSettings settings, TcpPeerConnector? connector) =>
        options.MaxSendQueueBytes is { } limit
            ? new PeerRunner(name, settings, connector, this, time) { MaxQueuedBytes = limit }
            : new PeerRunner(name, settings, connector, this, time);

    /// <summary>
    /// The session for a fabric interface: the fabric's settings, named after the interface, connecting
    /// to whatever link-local address router discovery learned there. Registered by the routing loop.
    /// </summary>
    private async Task<Peer> CreateFabricPeerAsync(FabricConfig fabric, int index, string name, CancellationToken cancellationToken)
    {
        var neighbor = fabric.Session with { Interface = name, Description = name };
        var settings = NeighborMapping.Settings(config, neighbor);
        int port = options.PeerPort ?? NeighborMapping.BgpPort;
        var connector = new TcpPeerConnector(
            () => _fabric?.Ports.FirstOrDefault(p => p.Index == index)?.Remote is { } remote ? new IPEndPoint(remote, port) : null,
            null, NeighborMapping.Security(neighbor));
        var runner = new PeerRunner(name, settings, connector, this, time);
        var created = new TaskCompletionSource<Peer>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _routing.PostAsync(new RoutingWork.AddPeer(core =>
        {
            var source = core.AddPeer(name, external: !neighbor.RemoteAs.IsInternal(config.Asn));
            source.InterfaceIndex = index;
            var peer = new Peer(neighbor, runner, source) { IsFabric = true, NextHopForm = fabric.NextHopForm };
            _byRunner[runner] = peer;
            return peer;
        }, created), cancellationToken).ConfigureAwait(false);
        var peer = await created.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        runner.Start(start: false); // router discovery starts it once the leaf's address is known
        return peer;
    }

    /// <summary>
    /// A session of a local load-balancer speaker: passive, named after its entry and slot
    /// ("metallb-1"), taken by whichever address of the entry connects while it is free.
    /// </summary>
    private async Task<Peer> CreateLocalSlotAsync(LocalPeerConfig entry, int slot, CancellationToken cancellationToken)
    {
        string name = $"{entry.Name}-{slot}";
        var neighbor = entry.Session;
        var runner = NewRunner(name, NeighborMapping.Settings(config, neighbor), null);
        var created = new TaskCompletionSource<Peer>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _routing.PostAsync(new RoutingWork.AddPeer(core =>
        {
            var peer = new Peer(neighbor, runner, core.AddPeer(name, external: !neighbor.RemoteAs.IsInternal(config.Asn), redistributed: true)) { LocalEntry = entry };
            _byRunner[runner] = peer;
            return peer;
        }, created), cancellationToken).ConfigureAwait(false);
        var peer = await created.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        runner.Start();
        return peer;
    }

    private async Task OnAcceptAsync(Socket socket, PendingInbound.Lease lease)
    {
        try
        {
            var remote = (IPEndPoint)socket.RemoteEndPoint!;
            if (await InboundPeerAsync(remote.Address, ((IPEndPoint)socket.LocalEndPoint!).Address).ConfigureAwait(false) is not { } peer)
            {
                socket.Dispose();
                lease.Release();
                return;
            }
            NeighborMapping.Security(peer.Config).Apply(socket, remote.Address);
            await peer.Runner.AcceptAsync(new TcpTransport(socket, lease)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or System.Threading.Channels.ChannelClosedException)
        {
            socket.Dispose(); // the peer went away, or the daemon is stopping
            lease.Release();
        }
    }

    /// <summary>
    /// Whose connection this is: a configured neighbor, a fabric leaf, or a free session of the local peer
    /// whose range (and interface) it matches. Null, counted, for a stranger or a local peer with every
    /// session busy.
    /// </summary>
    private async Task<Peer?> InboundPeerAsync(IPAddress remote, IPAddress local)
    {
        var key = PeerAddresses.Key(remote);
        if ((_byAddress.GetValueOrDefault(key) ?? _fabric?.InboundPeer(remote)) is { } known)
        {
            return known;
        }
        if (_localPeers.FirstOrDefault(p => p.Owns(key, local)) is not { } pool)
        {
            _strangers!.Add(key);
            return null;
        }
        var slot = await pool.ClaimAsync(key, CancellationToken.None).ConfigureAwait(false);
        if (slot is null)
        {
            _busyLocalPeers!.Add(key);
        }
        return slot;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        ProcessLog.Stopping(logger);
        if (_health is not null)
        {
            await _health.DisposeAsync().ConfigureAwait(false);
        }
        var goodbye = NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "bgpspeaker stopping");
        foreach (var peer in _byRunner.Values.Where(p => p.Runner.State == SessionState.Established))
        {
            peer.Runner.Shutdown(goodbye);
        }
        await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        if (_fabric is not null)
        {
            await _fabric.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var peer in _byRunner.Values)
        {
            await peer.Runner.DisposeAsync().ConfigureAwait(false);
        }
        if (_routing.Fib is { } fib)
        {
            await fib.DisposeAsync().ConfigureAwait(false); // routes out of the kernel (graceful restart will keep them)
        }
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }
        if (_metrics is not null)
        {
            await _metrics.DisposeAsync().ConfigureAwait(false);
        }
        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
        }
        _pending?.Dispose();
        _strangers?.Dispose();
        _busyLocalPeers?.Dispose();
        foreach (var pool in _localPeers)
        {
            pool.Dispose();
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the Cease messages up to two seconds to leave before sockets close.</summary>
    private async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(2);
        while (_byRunner.Keys.Any(r => r.State == SessionState.Established) && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void StateChanged(PeerRunner peer, SessionState previous, SessionState current)
    {
        // Connect/Active cycling while a peer is away is routine; coming and going from Established is news.
        if (previous == SessionState.Established || current == SessionState.Established || logger.IsEnabled(LogLevel.Debug))
        {
            SessionLog.StateChanged(logger, peer.Name, previous, current);
        }
    }

    public ValueTask EstablishedAsync(PeerRunner peer, NegotiatedSession session, CancellationToken cancellationToken)
    {
        SessionLog.Established(logger, peer.Name, session.RemoteAs, IpAddresses.V4ToString(session.RemoteRouterId),
            session.RemoteHostName is { } host ? $"({host}) " : "", session.HoldTime.Seconds,
            string.Join(",", session.Families.Select(f => f.ToString()).Order()));
        return _routing.PostAsync(new RoutingWork.Established(_byRunner[peer], session), cancellationToken);
    }

    public ValueTask UpdateReceivedAsync(PeerRunner peer, UpdateMessage update, CancellationToken cancellationToken) =>
        _routing.PostAsync(new RoutingWork.Update(_byRunner[peer], update), cancellationToken);

    public ValueTask RouteRefreshReceivedAsync(PeerRunner peer, RouteRefreshMessage message, CancellationToken cancellationToken) =>
        _routing.PostAsync(new RoutingWork.Refresh(_byRunner[peer], message), cancellationToken);

    public ValueTask DownAsync(PeerRunner peer, DownReason reason, CancellationToken cancellationToken)
    {
        if (reason.Kind != DownKind.TcpConnectionFailed || logger.IsEnabled(LogLevel.Debug))
        {
            SessionLog.Down(logger, peer.Name, reason.Describe());
        }
        return _routing.PostAsync(new RoutingWork.Down(_byRunner[peer], reason), cancellationToken);
    }

    private readonly ConnectionNotes _connectionNotes = new(logger, time);

    /// <summary>
    /// The first note of a peer and reason is logged at once (a refusal during the idle hold says how long
    /// it lasts), repeats as a count at most every 10 s. Refusals are noted from the runner's loop, so its
    /// FSM can be read here.
    /// </summary>
    public void ConnectionNote(PeerRunner peer, string remote, string what) =>
        _connectionNotes.Add(peer.Name, remote, what, ConnectionNotes.IdleHoldDetail(peer.Fsm, what, time.GetUtcNow()));

    public override void Dispose()
    {
        _connectionNotes.Dispose();
        base.Dispose();
    }
}

/// <summary>Run-time options from the command line (not part of the configuration file).</summary>
/// <param name="ConfigPath">Read again on SIGHUP; null disables reload.</param>
/// <param name="MaxSendQueueBytes">Overrides <see cref="PeerRunner.MaxQueuedBytes"/> (hidden option, for tests).</param>
internal sealed record DaemonOptions(string ControlSocket, int? Port = null, int? PeerPort = null, string? ConfigPath = null, long? MaxSendQueueBytes = null);
