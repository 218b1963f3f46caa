using BgpSpeaker.Session.Fsm;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Every log line the daemon writes, with stable event ids operators can alert on.</summary>
internal static partial class DaemonLog
{
    [LoggerMessage(1000, LogLevel.Information, "bgpspeaker AS{Asn} router-id {RouterId}: {Peers} neighbor(s), {Networks} network(s), listening on {Listen}")]
    public static partial void Started(ILogger logger, uint asn, string routerId, int peers, int networks, string listen);

    [LoggerMessage(1001, LogLevel.Information, "stopping: sending Cease to established neighbors")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(1100, LogLevel.Information, "neighbor {Peer}: {Previous} -> {Current}")]
    public static partial void StateChanged(ILogger logger, string peer, SessionState previous, SessionState current);

    [LoggerMessage(1101, LogLevel.Information, "neighbor {Peer}: established, AS{RemoteAs} router-id {RouterId} {Host}hold {Hold}s, families {Families}")]
    public static partial void Established(ILogger logger, string peer, uint remoteAs, string routerId, string host, int hold, string families);

    [LoggerMessage(1102, LogLevel.Warning, "neighbor {Peer}: down: {Reason}")]
    public static partial void Down(ILogger logger, string peer, string reason);

    [LoggerMessage(1103, LogLevel.Information, "neighbor {Peer}: {Remote} {What}")]
    public static partial void ConnectionNote(ILogger logger, string peer, string remote, string what);

    [LoggerMessage(1106, LogLevel.Information, "neighbor {Peer}: {What}: {Count} more since the last report (reported at most every 10 s)")]
    public static partial void ConnectionNoteRepeated(ILogger logger, string peer, string what, long count);

    [LoggerMessage(1104, LogLevel.Warning, "refused {Count} connection(s) from {Source}: no neighbor configured for that address (reported at most every 10 s)")]
    public static partial void UnknownPeer(ILogger logger, string source, long count);

    [LoggerMessage(1105, LogLevel.Warning, "refused {Count} connection(s) from {Source}: it already has {Limit} connections without an established session (reported at most every 10 s)")]
    public static partial void TooManyPending(ILogger logger, string source, long count, int limit);

    [LoggerMessage(1200, LogLevel.Warning, "neighbor {Peer}: malformed UPDATE, {Description}")]
    public static partial void MalformedUpdate(ILogger logger, string peer, string description);

    [LoggerMessage(1201, LogLevel.Warning, "neighbor {Peer}: {Count} prefixes reached the warning threshold {Threshold} of max-prefix {Limit}")]
    public static partial void MaxPrefixWarning(ILogger logger, string peer, int count, uint threshold, uint limit);

    [LoggerMessage(1202, LogLevel.Error, "neighbor {Peer}: {Count} prefixes exceed max-prefix {Limit}: session stopped{Restart}")]
    public static partial void MaxPrefixExceeded(ILogger logger, string peer, int count, uint limit, string restart);

    [LoggerMessage(1203, LogLevel.Information, "neighbor {Peer}: announced {Prefixes} prefix(es) in {Updates} UPDATE(s)")]
    public static partial void Announced(ILogger logger, string peer, int prefixes, int updates);

    [LoggerMessage(1204, LogLevel.Warning, "neighbor {Peer}: cannot announce {Prefix}: {Why}")]
    public static partial void CannotAnnounce(ILogger logger, string peer, string prefix, string why);

    [LoggerMessage(1400, LogLevel.Information, "reloaded {Path}: {Applied}")]
    public static partial void Reloaded(ILogger logger, string path, string applied);

    [LoggerMessage(1401, LogLevel.Warning, "reload of {Path}: {What} takes effect only after a restart")]
    public static partial void NeedsRestart(ILogger logger, string path, string what);

    [LoggerMessage(1403, LogLevel.Warning, "{Path}: {Warning}")]
    public static partial void ConfigWarning(ILogger logger, string path, string warning);

    [LoggerMessage(1402, LogLevel.Error, "reload of {Path} refused, the running configuration stays: {Error}")]
    public static partial void ReloadRefused(ILogger logger, string path, string error);

    [LoggerMessage(1404, LogLevel.Error, "reload of {Path} failed part-way ({Error}); what was applied before the failure stays, the rest runs as before; fix the file and reload again")]
    public static partial void ReloadFailed(ILogger logger, string path, string error, Exception exception);

    [LoggerMessage(1002, LogLevel.Critical, "bgpspeaker stops on an internal error in {Where}: {Error}")]
    public static partial void Fatal(ILogger logger, string where, string error, Exception exception);

    [LoggerMessage(1205, LogLevel.Information, "after {Changes} route changes the tables were trimmed and the heap compacted in {Milliseconds:0} ms: heap {HeapMb:0.0} MB, committed {CommittedMb:0.0} MB")]
    public static partial void Compacted(ILogger logger, int changes, double milliseconds, double heapMb, double committedMb);

    [LoggerMessage(1300, LogLevel.Warning, "control socket {Path}: {Error}")]
    public static partial void ControlSocketError(ILogger logger, string path, string error);
}
