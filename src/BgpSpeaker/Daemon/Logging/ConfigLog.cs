using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Log lines of the configuration: warnings and reloads (1400–1499). Ids and texts are a stable interface.</summary>
[LogEventRange(1400, 1499)]
internal static partial class ConfigLog
{
    [LoggerMessage(1400, LogLevel.Information, "reloaded {Path}: {Applied}", EventName = "ConfigReloaded")]
    public static partial void Reloaded(ILogger logger, string path, string applied);

    [LoggerMessage(1401, LogLevel.Warning, "reload of {Path}: {What} takes effect only after a restart", EventName = "ReloadNeedsRestart")]
    public static partial void NeedsRestart(ILogger logger, string path, string what);

    [LoggerMessage(1402, LogLevel.Error, "reload of {Path} refused, the running configuration stays: {Error}", EventName = "ReloadRefused")]
    public static partial void ReloadRefused(ILogger logger, string path, string error);

    [LoggerMessage(1403, LogLevel.Warning, "{Path}: {Warning}", EventName = "ConfigWarning")]
    public static partial void ConfigWarning(ILogger logger, string path, string warning);

    [LoggerMessage(1404, LogLevel.Error, "reload of {Path} failed part-way ({Error}); what was applied before the failure stays, the rest runs as before; fix the file and reload again", EventName = "ReloadFailed")]
    public static partial void ReloadFailed(ILogger logger, string path, string error, Exception exception);
}
