using System.Threading.Channels;
using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon.State;
using BgpSpeaker.Routing;
using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>
/// The single owner of routing state: the routing core (RIBs, decision process) and what we export to
/// each peer. Sessions hand it work through one bounded channel; it applies whatever has queued up,
/// then runs the decision process once for the batch and sends the changes.
/// </summary>
internal sealed partial class RoutingLoop
{
    private const int MaxBatch = 512;

    // Decide and export at least this often: keeps the decision's working set (and what a sink waits
    // for) bounded while a peer streams a full table.
    private const int MaxPendingPrefixes = 32_768;

    // A burst this large (prefix changes) is followed by a compaction once the loop has been idle for QuietBeforeCompact.
    private const int CompactAfterChanges = 100_000;
    private static readonly TimeSpan QuietBeforeCompact = TimeSpan.FromMilliseconds(250);
    private int _changesSinceCompact;

    // Or after this many new attribute sets: a peer that keeps changing attributes (not in bursts)
    // still gets its dead sets released.
    private const int CompactAfterNewAttributeSets = 10_000;
    private int _createdAtLastRelease;

    private readonly Channel<RoutingWork> _work = Channel.CreateBounded<RoutingWork>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private SpeakerConfig _config;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, PolicyCache> _caches = new(StringComparer.Ordinal);

    public RoutingLoop(SpeakerConfig config, ILogger logger, TimeProvider time)
    {
        (_config, _logger, _time) = (config, logger, time);
        Core = new RoutingCore(config.Multipath) { LocalAs = config.Asn, TrackForwarding = config.InstallsRoutes };
        Policies = config.CompilePolicies();
        Local = Core.AddPeer("local", external: false, local: true);
        foreach (var network in config.Networks)
        {
            OriginateUntilHealthy(network);
        }
        Core.Process();
    }

    public RoutingCore Core { get; }

    /// <summary>Compiled presets and named policies; replaced on reload.</summary>
    public PolicyLibrary Policies { get; private set; }

    /// <summary>Gives the peer its import and export policies (one cache per policy, shared by the peers that name it).</summary>
    public void AttachPolicies(Peer peer)
    {
        peer.Source.AllowAsIn = peer.Config.AllowAsIn;
        peer.Source.PrefixLimit = peer.Config.MaxPrefixes is { } max
            ? new PrefixLimit(max.Limit, max.WarningThreshold, max.RestartAfter is { } after && after > TimeSpan.Zero ? after : null)
            : null;
        peer.Import = CacheFor(peer.Config.Import.Name);
        peer.ExportPolicy = CacheFor(peer.Config.Export.Name);
    }

    private PolicyCache CacheFor(string name)
    {
        if (!_caches.TryGetValue(name, out var cache))
        {
            _caches[name] = cache = new PolicyCache(Policies.Get(name), Core.Attributes);
        }
        return cache;
    }

    public PeerInfo Local { get; }

    /// <summary>Every peer; only the loop adds to it once running (<see cref="RoutingWork.AddPeer"/>).</summary>
    public List<Peer> Peers { get; } = [];

    /// <summary>Where forwarding changes go after each decision run; null when routes are not installed.</summary>
    public Fabric.FibService? Fib { get; set; }

    public ValueTask PostAsync(RoutingWork work, CancellationToken cancellationToken) => _work.Writer.WriteAsync(work, cancellationToken);

    public async Task<string> QueryAsync(string command, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new RoutingWork.Query(command, answer), cancellationToken).ConfigureAwait(false);
        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The routing figures as of the last batch handled; read from any thread (see <see cref="RoutingSnapshot"/>).</summary>
    public RoutingSnapshot Snapshot => Volatile.Read(ref _snapshot);

    private RoutingSnapshot _snapshot = RoutingSnapshot.Empty;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            Publish();
            while (await WaitForWorkAsync(cancellationToken).ConfigureAwait(false))
            {
                // Apply everything queued (up to a batch), then decide once for all the prefixes it touched.
                for (int n = 0; n < MaxBatch && _work.Reader.TryRead(out var work); n++)
                {
                    await HandleAsync(work, cancellationToken).ConfigureAwait(false);
                    if (Core.PendingPrefixes >= MaxPendingPrefixes)
                    {
                        await ExportChangesAsync(Core.Process(), cancellationToken).ConfigureAwait(false);
                    }
                }
                if (Core.PendingPrefixes > 0)
                {
                    await ExportChangesAsync(Core.Process(), cancellationToken).ConfigureAwait(false);
                }
                Publish();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Copies what the loop owns for readers on other threads: a few fields per neighbor, no table walk.</summary>
    private void Publish() => Volatile.Write(ref _snapshot, new RoutingSnapshot(Core.Attributes.Count, Core.V4.Count, Core.V6.Count,
        [.. Peers.Select(p => new NeighborRouting(p, p.Config,
            Core.ReceivedCount(p.Source.Id, Afi.Ipv4), Core.ReceivedCount(p.Source.Id, Afi.Ipv6), p.Advertised, p.Imported.Totals,
            p.NextHopProblems.Count == 0 ? NoProblems : new Dictionary<AfiSafi, string>(p.NextHopProblems),
            p.Malformed.Count, p.Malformed.Count == 0 ? [] : [.. p.Malformed.Recent]))]));

    private static readonly Dictionary<AfiSafi, string> NoProblems = [];

    /// <summary>
    /// Waits for work. After a burst of changes (a full table in or out) or of new attribute sets, a
    /// quiet moment is used to give memory back: attribute sets no route uses are released, the tables
    /// shed their growth slack and the heap is compacted once, so the resident size follows the table
    /// instead of its peak.
    /// </summary>
    private async ValueTask<bool> WaitForWorkAsync(CancellationToken cancellationToken)
    {
        if (_changesSinceCompact < CompactAfterChanges && Core.Attributes.Created - _createdAtLastRelease < CompactAfterNewAttributeSets)
        {
            return await _work.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        using var timer = new CancellationTokenSource(QuietBeforeCompact, _time);
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await _work.Reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            ReleaseUnusedAttributes();
            Core.Compact();
            foreach (var peer in Peers)
            {
                peer.Export?.ReleaseBuffers();
            }
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var memory = GC.GetGCMemoryInfo();
            RoutingLog.Compacted(_logger, _changesSinceCompact, _time.GetElapsedTime(started).TotalMilliseconds, memory.HeapSizeBytes / 1e6, memory.TotalCommittedBytes / 1e6);
            _changesSinceCompact = 0;
            return await _work.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops attribute sets no route uses, and every cache that may name them.</summary>
    private void ReleaseUnusedAttributes()
    {
        if (Core.ReleaseUnusedAttributes() > 0)
        {
            foreach (var peer in Peers)
            {
                peer.Export?.ClearCache();
            }
            foreach (var cache in _caches.Values.Concat(Peers.SelectMany(p => new[] { p.Import, p.ExportPolicy })).OfType<PolicyCache>().Distinct())
            {
                cache.Clear();
            }
        }
        _createdAtLastRelease = Core.Attributes.Created;
    }

    private ValueTask HandleAsync(RoutingWork work, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case RoutingWork.Established e:
                return OnEstablishedAsync(e.Peer, e.Session, cancellationToken);
            case RoutingWork.Update u:
                OnUpdate(u.Peer, u.Message);
                return ValueTask.CompletedTask;
            case RoutingWork.Refresh r when r.Message.Subtype == RouteRefreshSubtype.Request:
                return OnRefreshAsync(r.Peer, r.Message.Family, cancellationToken);
            case RoutingWork.Down d:
                OnDown(d.Peer);
                return ValueTask.CompletedTask;
            case RoutingWork.Reload r:
                return GuardedReloadAsync(r.Config, r.Path, cancellationToken);
            case RoutingWork.AddPeer a:
                var added = a.Create(Core);
                AttachPolicies(added);
                Peers.Add(added);
                a.Created.TrySetResult(added);
                return ValueTask.CompletedTask;
            case RoutingWork.Query q:
                q.Answer.TrySetResult(Control.RoutesRenderer.Render(q.Command, this, _config));
                return ValueTask.CompletedTask;
            case RoutingWork.Clear c:
                return OnClearAsync(c, cancellationToken);
            case RoutingWork.Health h:
                OnHealth(h);
                return ValueTask.CompletedTask;
            default:
                return ValueTask.CompletedTask;
        }
    }

    private void OnUpdate(Peer peer, UpdateMessage update)
    {
        if (update.Action != ErrorAction.None)
        {
            ReportMalformed(peer, update);
        }
        var outcome = Core.Apply(peer.Source.Id, update, peer.Import);
        peer.Imported.Add(outcome.Change);
        switch (outcome.Limit)
        {
            case PrefixLimitState.Warning:
                RoutingLog.MaxPrefixWarning(_logger, peer.Name, Core.ReceivedCount(peer.Source.Id), peer.Source.PrefixLimit!.WarningThreshold, peer.Source.PrefixLimit.Limit);
                break;
            case PrefixLimitState.Exceeded:
                StopOverLimit(peer, update.MpReach?.Family ?? AfiSafi.Ipv4Unicast);
                break;
        }
    }

    /// <summary>RFC 4486: past the limit the session ends with Cease/Maximum Number of Prefixes Reached, restarting after restartAfter if set.</summary>
    private void StopOverLimit(Peer peer, AfiSafi family)
    {
        var limit = peer.Source.PrefixLimit!;
        RoutingLog.MaxPrefixExceeded(_logger, peer.Name, Core.ReceivedCount(peer.Source.Id), limit.Limit,
            limit.RestartAfter is { } after ? $", restarting in {after.TotalSeconds:0}s" : " until restarted");
        var notification = NotificationMessage.MaxPrefixReached(family, limit.Limit);
        if (limit.RestartAfter is { } restart)
        {
            peer.Runner.AutomaticStop(notification, restart);
        }
        else
        {
            peer.Runner.Shutdown(notification);
        }
    }

    /// <summary>
    /// Counts a malformed UPDATE, keeps it for show neighbors, and logs it in words: the first at once,
    /// then at most one line per peer every 10 s saying how many more came, so a peer cannot flood the
    /// log one UPDATE at a time.
    /// </summary>
    private void ReportMalformed(Peer peer, UpdateMessage update)
    {
        var now = _time.GetUtcNow();
        var history = peer.Malformed;
        var record = history.Add(update, now);
        if (now - history.LoggedAt < MalformedLogInterval)
        {
            history.Unlogged++;
            return;
        }
        string more = history.Unlogged > 0 ? $" ({history.Unlogged} more malformed UPDATE(s) since the last report; show neighbors {peer.Name} lists the last {MalformedHistory.Kept})" : "";
        RoutingLog.MalformedUpdate(_logger, peer.Name, record.Describe() + more);
        (history.Unlogged, history.LoggedAt) = (0, now);
    }

    private static readonly TimeSpan MalformedLogInterval = TimeSpan.FromSeconds(10);

    private void OnDown(Peer peer)
    {
        Core.WithdrawAll(peer.Source.Id);
        peer.Export = null;
        peer.Advertised = 0;
    }

    private void Originate(NetworkConfig network, FailureAction? penalty = null)
    {
        var placeholder = network.Prefix.Afi == Afi.Ipv4 ? NextHop.V4(0) : NextHop.V6(UInt128.Zero); // next hop self on export
        Core.Originate(Local.Id, network.Prefix, Originated(network, penalty), placeholder);
    }

    /// <summary>The network's attributes, or while it is unhealthy with the failure action's mark on them.</summary>
    private PathAttributes Originated(NetworkConfig network, FailureAction? penalty) => new()
    {
        Origin = Origin.Igp,
        MultiExitDisc = penalty is { Kind: FailureKind.Med, Value: var med } ? med : network.Med,
        Communities = penalty?.Kind == FailureKind.GracefulShutdown ? [.. network.Communities, Community.GracefulShutdown] : [.. network.Communities],
        LargeCommunities = [.. network.LargeCommunities],
        AsPath = penalty is { Kind: FailureKind.Prepend, Value: var times } ? AsPath.FromSequence([.. Enumerable.Repeat(_config.Asn, (int)times)]) : AsPath.Empty,
    };

    /// <summary>A network without health is announced at once; a gated one waits for its probes (or goes out with its failure mark).</summary>
    private void OriginateUntilHealthy(NetworkConfig network)
    {
        if (network.Health is null)
        {
            Originate(network);
        }
        else if (network.Health.OnFailure.Kind != FailureKind.Withdraw)
        {
            Originate(network, network.Health.OnFailure);
        }
    }

    /// <summary>The health monitor's verdict on a gated network that is still configured.</summary>
    private void OnHealth(RoutingWork.Health health)
    {
        if (_config.Networks.FirstOrDefault(n => n.Prefix == health.Prefix) is not { Health: { } gate } network)
        {
            return; // removed by a reload meanwhile
        }
        if (health.Healthy)
        {
            Originate(network);
        }
        else if (gate.OnFailure.Kind == FailureKind.Withdraw)
        {
            Core.Withdraw(Local.Id, network.Prefix);
        }
        else
        {
            Originate(network, gate.OnFailure);
        }
    }
}
