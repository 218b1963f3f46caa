using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Log lines of health-gated origination (1700–1799). Ids and texts are a stable interface.</summary>
[LogEventRange(1700, 1799)]
internal static partial class HealthLog
{
    [LoggerMessage(1700, LogLevel.Information, "network {Prefix}: healthy, announced ({Why})", EventName = "NetworkHealthy")]
    public static partial void Healthy(ILogger logger, string prefix, string why);

    [LoggerMessage(1701, LogLevel.Warning, "network {Prefix}: unhealthy, {Action} ({Why})", EventName = "NetworkUnhealthy")]
    public static partial void Unhealthy(ILogger logger, string prefix, string action, string why);

    [LoggerMessage(1702, LogLevel.Information, "network {Prefix}: probe {Probe} is {Verdict} ({Result})", EventName = "ProbeChanged")]
    public static partial void ProbeChanged(ILogger logger, string prefix, string probe, string verdict, string result);
}
