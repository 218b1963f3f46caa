using BgpSpeaker.Daemon;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Fabric;

/// <summary>Log lines of the fabric (interfaces, router discovery: 1500–1549) and the kernel FIB (1550–1599).</summary>
[LogEventRange(1500, 1599)]
internal static partial class FabricLog
{
    [LoggerMessage(1500, LogLevel.Information, "fabric: peering on {Interfaces} ({Patterns})", EventName = "FabricStarted")]
    public static partial void Started(ILogger logger, IEnumerable<string> interfaces, string patterns);

    [LoggerMessage(1501, LogLevel.Warning, "fabric: interface {Name} does not exist; its session starts when it appears", EventName = "FabricInterfaceMissing")]
    public static partial void Missing(ILogger logger, string name);

    [LoggerMessage(1502, LogLevel.Information, "{Description}", EventName = "FabricInterfaceState")]
    public static partial void State(ILogger logger, string description);

    [LoggerMessage(1503, LogLevel.Warning, "fabric: {Problem}", EventName = "FabricProblem")]
    public static partial void Problem(ILogger logger, string problem);

    [LoggerMessage(1550, LogLevel.Information, "fib: table {Table}, protocol {Protocol}: {Adopted} route(s) of a previous run kept until re-learned or 30 s pass ({Failed} dump failure(s))", EventName = "FibStarted")]
    public static partial void FibStarted(ILogger logger, int table, int protocol, int adopted, int failed);

    [LoggerMessage(1551, LogLevel.Information, "fib: {Deleted} stale route(s) of a previous run deleted ({Failed} failed)", EventName = "FibStaleDeleted")]
    public static partial void FibStaleDeleted(ILogger logger, int deleted, int failed);

    [LoggerMessage(1552, LogLevel.Warning, "fib: {Failed} of {Count} route change(s) failed, e.g. {First}", EventName = "FibFailures")]
    public static partial void FibFailures(ILogger logger, int failed, int count, string first);

    [LoggerMessage(1554, LogLevel.Information, "fib: reconciled with the kernel after a link event: {Added} added, {Replaced} replaced, {Deleted} deleted, {Failed} failed", EventName = "FibReconciled")]
    public static partial void FibReconciled(ILogger logger, int added, int replaced, int deleted, int failed);

    [LoggerMessage(1553, LogLevel.Information, "fib: {Deleted} route(s) withdrawn from the kernel at stop ({Failed} failed)", EventName = "FibWithdrawn")]
    public static partial void FibWithdrawn(ILogger logger, int deleted, int failed);
}
