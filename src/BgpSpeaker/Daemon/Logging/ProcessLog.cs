using System.Net;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Log lines of the process as a whole: start, stop, fatal error (1000–1099). Ids and texts are a stable interface.</summary>
[LogEventRange(1000, 1099)]
internal static partial class ProcessLog
{
    [LoggerMessage(1000, LogLevel.Information, "bgpspeaker AS{Asn} router-id {RouterId}: {Peers} neighbor(s), {Networks} network(s), listening on {Listen}", EventName = "DaemonStarted")]
    public static partial void Started(ILogger logger, uint asn, IPAddress routerId, int peers, int networks, IEnumerable<IPEndPoint> listen);

    [LoggerMessage(1001, LogLevel.Information, "stopping: sending Cease to established neighbors", EventName = "DaemonStopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(1003, LogLevel.Critical, "bgpspeaker cannot run: {Error} ({Hint})", EventName = "DaemonCannotRun")]
    public static partial void CannotRun(ILogger logger, string error, string hint);

    [LoggerMessage(1002, LogLevel.Critical, "bgpspeaker stops on an internal error in {Where}: {Error}", EventName = "DaemonFatal")]
    public static partial void Fatal(ILogger logger, string where, string error, Exception exception);
}
