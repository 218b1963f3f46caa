using System.Net;

namespace BgpSpeaker.Configuration;

/// <summary>The HTTP endpoint for Prometheus (/metrics) and probes (/healthz, /readyz); off unless the file has a <c>metrics</c> section.</summary>
public sealed record MetricsConfig
{
    public const int DefaultPort = 9179;

    /// <summary>Where to listen: localhost by default, <c>[::]:9179</c> for every address.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, DefaultPort);
}
