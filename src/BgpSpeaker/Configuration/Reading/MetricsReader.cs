using BgpSpeaker.Configuration.Schema;
using System.Globalization;
using System.Net;
using BgpSpeaker.Configuration.Yaml;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>Reads <c>metrics: { listen: "127.0.0.1:9179" }</c>.</summary>
internal static class MetricsReader
{
    public static MetricsConfig? Read(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Metrics.Section, errors) is not { } m)
        {
            return null;
        }
        var listen = m.Scalar("listen") is { } l ? EndPoint(l with { Label = "metrics.listen" }, errors) : null;
        return new MetricsConfig { Listen = listen ?? new MetricsConfig().Listen };
    }

    /// <summary>ADDRESS:PORT with an IPv6 address in brackets ("127.0.0.1:9179", "[::]:9179"), or a bare port for localhost.</summary>
    private static IPEndPoint? EndPoint(ConfigValue v, ErrorSink errors)
    {
        if (ushort.TryParse(v.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ushort bare) && bare > 0)
        {
            return new IPEndPoint(IPAddress.Loopback, bare);
        }
        if (ScalarParser.TryParseEndPoint(v.Text, out var endPoint))
        {
            return endPoint;
        }
        errors.Add(v, $"{v.Label} must be ADDRESS:PORT (127.0.0.1:9179, [::]:9179) or a port, got '{v.Text}'");
        return null;
    }
}
