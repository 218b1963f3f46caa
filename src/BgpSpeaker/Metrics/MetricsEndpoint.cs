using System.Net;

namespace BgpSpeaker.Metrics;

/// <summary>/metrics for Prometheus, /healthz (the process answers) and /readyz (<see cref="Readiness"/>) for kubelet and Talos.</summary>
internal static class MetricsEndpoint
{
    private const string ExpositionFormat = "text/plain; version=0.0.4; charset=utf-8";

    public static HttpEndpoint Start(IPEndPoint endPoint, SpeakerMetrics metrics, Func<(bool Ready, string Why)> readiness) =>
        HttpEndpoint.Start(endPoint, async (path, cancellationToken) =>
        {
            switch (path)
            {
                case "/metrics":
                    return new HttpAnswer(200, ExpositionFormat, await metrics.ExportAsync(cancellationToken).ConfigureAwait(false));
                case "/healthz":
                    return HttpAnswer.Text(200, "ok\n");
                case "/readyz":
                    var (ready, why) = readiness();
                    return HttpAnswer.Text(ready ? 200 : 503, ready ? "ready\n" : $"not ready: {why}\n");
                default:
                    return HttpAnswer.Text(404, "not found; try /metrics, /healthz or /readyz\n");
            }
        });
}
