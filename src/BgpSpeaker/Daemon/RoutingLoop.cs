using System.Threading.Channels;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>
/// The single owner of routing state: every Adj-RIB-In, the attribute interner and what we announce.
/// Sessions hand it work through one bounded channel and it handles one item at a time, so nothing
/// here needs a lock.
/// </summary>
internal sealed partial class RoutingLoop(SpeakerConfig config, ILogger logger, TimeProvider time)
{
    private readonly Channel<RoutingWork> _work = Channel.CreateBounded<RoutingWork>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public AttributeInterner Interner { get; } = new();

    public IReadOnlyList<Peer> Peers { get; set; } = [];

    public ValueTask PostAsync(RoutingWork work, CancellationToken cancellationToken) => _work.Writer.WriteAsync(work, cancellationToken);

    public async Task<string> QueryAsync(string command, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new RoutingWork.Query(command, answer), cancellationToken).ConfigureAwait(false);
        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await HandleAsync(work, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private ValueTask HandleAsync(RoutingWork work, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case RoutingWork.Established e:
                return AnnounceAsync(e.Peer, e.Session, e.Session.Families, refresh: false, cancellationToken);
            case RoutingWork.Update u:
                OnUpdate(u.Peer, u.Message);
                return ValueTask.CompletedTask;
            case RoutingWork.Refresh r when r.Message.Subtype == RouteRefreshSubtype.Request && r.Peer.Runner.Negotiated is { } session:
                return AnnounceAsync(r.Peer, session, new HashSet<AfiSafi> { r.Message.Family }, refresh: true, cancellationToken);
            case RoutingWork.Down d:
                OnDown(d.Peer);
                return ValueTask.CompletedTask;
            case RoutingWork.Query q:
                q.Answer.TrySetResult(StatusJson.Render(q.Command, this, config, time.GetUtcNow()));
                return ValueTask.CompletedTask;
            default:
                return ValueTask.CompletedTask;
        }
    }

    private void OnUpdate(Peer peer, UpdateMessage update)
    {
        if (update.Action != ErrorAction.None)
        {
            DaemonLog.MalformedUpdate(logger, peer.Name, update.Action.ToString(), string.Join("; ", update.Errors.Select(e => e.Reason)));
        }
        if (peer.Config.Import == PolicyAction.Reject)
        {
            return;
        }
        // RFC 4271 §9.1.2: a path that already holds our AS is a loop; it is dropped, not stored.
        peer.RibIn.Apply(update, reject: attributes => attributes.AsPath.Contains(config.Asn));
        peer.LastChange = time.GetUtcNow();
        EnforceMaxPrefixes(peer, update);
    }

    private void OnDown(Peer peer)
    {
        peer.RibIn.Clear();
        peer.Advertised = 0;
        peer.MaxPrefixWarned = false;
        peer.LastChange = time.GetUtcNow();
    }

    /// <summary>RFC 4486: past the limit the session ends with Cease/Maximum Number of Prefixes Reached.</summary>
    private void EnforceMaxPrefixes(Peer peer, UpdateMessage update)
    {
        if (peer.Config.MaxPrefixes is not { } max)
        {
            return;
        }
        int count = peer.RibIn.Count;
        if (count > max.Limit)
        {
            var family = update.MpReach?.Family ?? AfiSafi.Ipv4Unicast;
            // Data: AFI, SAFI and the limit (RFC 4486 §4).
            byte[] data = [(byte)((ushort)family.Afi >> 8), (byte)family.Afi, (byte)family.Safi,
                (byte)(max.Limit >> 24), (byte)(max.Limit >> 16), (byte)(max.Limit >> 8), (byte)max.Limit];
            var restart = max.RestartAfter is { } after && after > TimeSpan.Zero ? after : (TimeSpan?)null;
            DaemonLog.MaxPrefixExceeded(logger, peer.Name, count, max.Limit, restart is null ? " until restarted" : $", restarting in {restart.Value.TotalSeconds:0}s");
            // Not awaited: the runner may be waiting on this loop's channel right now.
            _ = peer.Runner.ShutdownAsync(new NotificationMessage(ErrorCode.Cease, CeaseSubcode.MaximumPrefixesReached, data)).AsTask();
            if (restart is { } delay)
            {
                _ = Task.Delay(delay, time).ContinueWith(_ => peer.Runner.StartSessionAsync().AsTask(), TaskScheduler.Default);
            }
        }
        else if (count >= max.WarningThreshold && !peer.MaxPrefixWarned)
        {
            peer.MaxPrefixWarned = true;
            DaemonLog.MaxPrefixWarning(logger, peer.Name, count, max.WarningThreshold, max.Limit);
        }
    }
}
