using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Log lines of the routing loop: UPDATEs in and out, max-prefix, table upkeep (1200–1299). Ids and texts are a stable interface.</summary>
[LogEventRange(1200, 1299)]
internal static partial class RoutingLog
{
    [LoggerMessage(1200, LogLevel.Warning, "neighbor {Peer}: malformed UPDATE, {Description}", EventName = "MalformedUpdate")]
    public static partial void MalformedUpdate(ILogger logger, string peer, string description);

    [LoggerMessage(1201, LogLevel.Warning, "neighbor {Peer}: {Count} prefixes reached the warning threshold {Threshold} of max-prefix {Limit}", EventName = "MaxPrefixWarning")]
    public static partial void MaxPrefixWarning(ILogger logger, string peer, int count, uint threshold, uint limit);

    [LoggerMessage(1202, LogLevel.Error, "neighbor {Peer}: {Count} prefixes exceed max-prefix {Limit}: session stopped{Restart}", EventName = "MaxPrefixExceeded")]
    public static partial void MaxPrefixExceeded(ILogger logger, string peer, int count, uint limit, string restart);

    [LoggerMessage(1203, LogLevel.Information, "neighbor {Peer}: announced {Prefixes} prefix(es) in {Updates} UPDATE(s)", EventName = "Announced")]
    public static partial void Announced(ILogger logger, string peer, int prefixes, int updates);

    [LoggerMessage(1204, LogLevel.Warning, "neighbor {Peer}: cannot announce {Prefix}: {Why}", EventName = "CannotAnnounce")]
    public static partial void CannotAnnounce(ILogger logger, string peer, AfiSafi prefix, string why);

    [LoggerMessage(1205, LogLevel.Information, "after {Changes} route changes the tables were trimmed and the heap compacted in {Milliseconds:0} ms: heap {HeapMb:0.0} MB, committed {CommittedMb:0.0} MB", EventName = "TablesCompacted")]
    public static partial void Compacted(ILogger logger, int changes, double milliseconds, double heapMb, double committedMb);
}
