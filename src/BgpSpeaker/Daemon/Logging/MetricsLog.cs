using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Log lines of the metrics and probe endpoint (1600–1699). Ids and texts are a stable interface.</summary>
[LogEventRange(1600, 1699)]
internal static partial class MetricsLog
{
    [LoggerMessage(1600, LogLevel.Information, "metrics: /metrics, /healthz and /readyz on http://{EndPoint}", EventName = "MetricsListening")]
    public static partial void Listening(ILogger logger, string endPoint);
}
