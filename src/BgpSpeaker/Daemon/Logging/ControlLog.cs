using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Log lines of the control socket (1300–1399). Ids and texts are a stable interface.</summary>
[LogEventRange(1300, 1399)]
internal static partial class ControlLog
{
    [LoggerMessage(1300, LogLevel.Warning, "control socket {Path}: {Error}", EventName = "ControlSocketError")]
    public static partial void ControlSocketError(ILogger logger, string path, string error);
}
