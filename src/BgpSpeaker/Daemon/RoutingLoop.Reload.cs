using System.Buffers;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>
/// SIGHUP: apply what can change under running sessions — policies and prefix lists, a neighbor's
/// import, export, allowAsIn, description, maxPrefixes and shutdown, and our networks. Import changes
/// ask the peer to resend its routes (ROUTE-REFRESH, RFC 2918), so nothing is reset; export changes
/// send each peer only the difference. Anything else is logged as waiting for a restart.
/// </summary>
internal sealed partial class RoutingLoop
{
    /// <summary>A reload never stops the daemon: a failure is logged and routing goes on.</summary>
    private async ValueTask GuardedReloadAsync(SpeakerConfig next, string path, CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync(next, path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ConfigLog.ReloadFailed(_logger, path, $"{e.GetType().Name}: {e.Message}", e);
        }
    }

    private async ValueTask ReloadAsync(SpeakerConfig next, string path, CancellationToken cancellationToken)
    {
        // The diff is against what runs (the last reload's result), never against the start-up file.
        var diff = _config.Diff(next);
        var applied = new List<string>();
        foreach (var restart in diff.WaitingForRestart())
        {
            ConfigLog.NeedsRestart(_logger, path, restart);
        }
        var reevaluate = new List<(Peer Peer, bool Import, bool Export)>();
        foreach (var peer in Peers)
        {
            var change = peer.IsConfigured ? diff.ChangedNeighbors.FirstOrDefault(c => c.Old.Key == peer.Config.Key) : null;
            var settings = change?.Settings ?? [];
            bool import = settings.Any(ConfigDiff.ImportSettings.Contains) || diff.ChangedPolicies.Contains(peer.Config.Import.Name);
            bool export = settings.Contains("export") || settings.Contains("nextHop") || diff.ChangedPolicies.Contains(peer.Config.Export.Name);
            if (change is not null)
            {
                peer.Config = change.RequiresReset
                    ? peer.Config with { Import = change.New.Import, Export = change.New.Export, AllowAsIn = change.New.AllowAsIn }
                    : change.New;
                ApplyShutdown(peer, change);
                if (!change.RequiresReset && settings.Any(NeighborChange.SessionSettings.Contains))
                {
                    peer.Runner.Reconfigure(NeighborMapping.Settings(next, change.New));
                    applied.Add($"{peer.Name}: {string.Join(", ", settings.Where(NeighborChange.SessionSettings.Contains))} applied");
                }
            }
            reevaluate.Add((peer, import, export));
        }
        var oldConfig = _config;
        _config = Running(next);
        Policies = _config.CompilePolicies();
        _caches.Clear();

        foreach (var (peer, import, export) in reevaluate)
        {
            AttachPolicies(peer);
            if (import && await RefreshFromAsync(peer, cancellationToken).ConfigureAwait(false))
            {
                applied.Add($"{peer.Name}: import re-evaluated (route refresh)");
            }
            if (export && await ReexportAsync(peer, cancellationToken).ConfigureAwait(false) is { } sent)
            {
                applied.Add($"{peer.Name}: export re-evaluated ({sent})");
            }
        }
        if (ApplyNetworks(diff) is > 0 and var networks)
        {
            applied.Add($"{networks} network(s) changed");
        }
        if (Core.PendingPrefixes > 0)
        {
            await ExportChangesAsync(Core.Process(), cancellationToken).ConfigureAwait(false);
        }
        ConfigLog.Reloaded(_logger, path, applied.Count == 0 ? (oldConfig == _config ? "no change" : "nothing to re-evaluate") : string.Join("; ", applied));
    }

    /// <summary>
    /// The configuration that runs after a reload to <paramref name="next"/>: its networks, prefix lists
    /// and policies, and the neighbors as the running peers now hold them (a neighbor added or removed,
    /// or a setting that needs a restart, is not running yet). A policy that a running peer still names
    /// but <paramref name="next"/> deleted (its neighbor waits for a restart) is kept, with its prefix lists.
    /// </summary>
    private SpeakerConfig Running(SpeakerConfig next)
    {
        var named = new HashSet<string>(next.Policies.Select(p => p.Name), StringComparer.Ordinal);
        var kept = _config.Policies
            .Where(p => !named.Contains(p.Name) && Peers.Any(peer => peer.Config.Import.Name == p.Name || peer.Config.Export.Name == p.Name))
            .ToList();
        var listed = new HashSet<string>(next.PrefixLists.Select(l => l.Name), StringComparer.Ordinal);
        var keptLists = _config.PrefixLists
            .Where(l => !listed.Contains(l.Name) && kept.Any(p => p.Terms.Any(t => t.Match.PrefixLists.Contains(l.Name))))
            .ToList();
        return _config with
        {
            Networks = next.Networks,
            PrefixLists = [.. next.PrefixLists, .. keptLists],
            Policies = [.. next.Policies, .. kept],
            Neighbors = [.. Peers.Where(p => p.IsConfigured).Select(p => p.Config)],
        };
    }

    /// <summary>Drain or restore a neighbor when its <c>shutdown</c> flipped.</summary>
    private static void ApplyShutdown(Peer peer, NeighborChange change)
    {
        if (!change.Settings.Contains("shutdown"))
        {
            return;
        }
        if (change.New.Shutdown)
        {
            peer.Runner.Shutdown(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, change.New.ShutdownMessage ?? ""));
        }
        else
        {
            peer.Runner.StartSession();
        }
    }

    /// <summary>ROUTE-REFRESH for every negotiated family: the peer resends, and the new import policy sees it all.</summary>
    private async ValueTask<bool> RefreshFromAsync(Peer peer, CancellationToken cancellationToken)
    {
        if (peer.Runner.Negotiated is not { } session || peer.Export is null)
        {
            return false; // not established: the next session starts under the new policy
        }
        if (!session.RouteRefresh)
        {
            ConfigLog.NeedsRestart(_logger, peer.Name, "its new import policy (the peer does not support route refresh)");
            return false;
        }
        var output = new ArrayBufferWriter<byte>();
        foreach (var family in session.Families)
        {
            MessageEncoder.Write(output, new RouteRefreshMessage(family, RouteRefreshSubtype.Request), session.Codec);
        }
        return await peer.Runner.SendUpdatesAsync(output.WrittenMemory, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the difference between what the old and the new export policy let through.</summary>
    private async ValueTask<string?> ReexportAsync(Peer peer, CancellationToken cancellationToken)
    {
        if (peer.Export is not { } before || peer.Runner.Negotiated is not { } session || peer.Runner.LocalAddress is not { } local)
        {
            return null;
        }
        peer.Export = ExportTargetFor(peer, session, local);
        var output = new ArrayBufferWriter<byte>();
        var (updates, announced, withdrawn, net) = UpdateBuilder.Reexport(output, Core, before, peer.Export);
        if (updates > 0)
        {
            await SendAsync(peer, output, updates, announced, net, cancellationToken).ConfigureAwait(false);
        }
        return $"{announced} announced, {withdrawn} withdrawn";
    }

    /// <summary>Originates added and changed networks and withdraws removed ones; returns how many changed.</summary>
    private int ApplyNetworks(ConfigDiff diff)
    {
        foreach (var network in diff.AddedNetworks.Concat(diff.ChangedNetworks).Where(n => n.Health is null))
        {
            Originate(network); // a health-gated one waits for a restart (its monitor starts with the daemon)
        }
        foreach (var network in diff.RemovedNetworks)
        {
            Core.Withdraw(Local.Id, network.Prefix);
        }
        return diff.AddedNetworks.Count + diff.ChangedNetworks.Count + diff.RemovedNetworks.Count;
    }
}
