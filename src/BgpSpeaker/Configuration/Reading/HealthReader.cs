using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Reads a network's <c>health</c>: probes (<c>http</c>, <c>tcp</c>, <c>file</c>, or the
/// <c>preset: kubernetes-api</c>), their timing, what a failure does, and the fabric gate.
/// </summary>
internal static class HealthReader
{
    /// <summary>The Kubernetes API server's own readiness on this node: anonymous GET /readyz, its serving certificate not checked (it names the node, not 127.0.0.1).</summary>
    public static readonly HttpProbe KubernetesApi = new(new Uri("https://127.0.0.1:6443/readyz"), 200, null, InsecureSkipVerify: true);

    private static readonly Dictionary<string, ProbeConfig> Presets = new(StringComparer.Ordinal) { ["kubernetes-api"] = KubernetesApi };

    public static HealthConfig? Read(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Health.Section, errors) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var probes = new List<ProbeConfig>();
        if (m.Scalar("preset") is { } preset)
        {
            if (Presets.TryGetValue(preset.Text, out var probe))
            {
                probes.Add(probe);
            }
            else
            {
                errors.Add(preset, $"health.preset must be one of {string.Join(", ", Presets.Keys)}, got '{preset.Text}'{Suggestions.Hint(preset.Text, Presets.Keys)}");
            }
        }
        if (m.ValueOf("http") is { } http && ReadHttp(http, errors) is { } httpProbe)
        {
            probes.Add(httpProbe);
        }
        if (m.Scalar("tcp") is { } tcp && ReadTcp(tcp with { Label = "health.tcp" }, errors) is { } tcpProbe)
        {
            probes.Add(tcpProbe);
        }
        if (m.ValueOf("file") is { } file && ReadFile(file, errors) is { } fileProbe)
        {
            probes.Add(fileProbe);
        }
        var interval = m.Get(ConfigSchema.Health.Interval) ?? HealthConfig.DefaultInterval;
        var (timeout, timeoutAt) = m.Placed(ConfigSchema.Health.Timeout);
        if (timeout > interval && timeoutAt is { } at)
        {
            errors.Add(at, $"health.timeout ({timeout.Value.TotalSeconds} s) must not be longer than health.interval ({interval.TotalSeconds} s)");
        }
        var health = new HealthConfig
        {
            Probes = [.. probes],
            Interval = interval,
            Timeout = timeout ?? (interval < HealthConfig.DefaultTimeout ? interval : HealthConfig.DefaultTimeout),
            Rise = (int?)m.Get(ConfigSchema.Health.Rise) ?? 2,
            Fall = (int?)m.Get(ConfigSchema.Health.Fall) ?? 3,
            OnFailure = m.ValueOf("onFailure") is { } action ? ReadFailure(action, errors) ?? FailureAction.Withdraw : FailureAction.Withdraw,
            MinFabricSessions = (int?)m.Get(ConfigSchema.Health.MinFabricSessions) ?? 0,
        };
        if (health.Probes.Count == 0 && health.MinFabricSessions == 0 && errors.Count == before)
        {
            errors.Add(m.Mapping.Line, m.Mapping.Column, "health needs a probe (preset: kubernetes-api, http, tcp or file) or minFabricSessions");
        }
        return errors.Count == before ? health : null;
    }

    private static HttpProbe? ReadHttp(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Health.HttpSection, errors) is not { } m)
        {
            return null;
        }
        if (m.Scalar("url") is not { } urlAt)
        {
            m.Missing("health.http", "url", " (e.g. https://127.0.0.1:6443/readyz)");
            return null;
        }
        if (!Uri.TryCreate(urlAt.Text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add(urlAt, $"health.http.url must be an http:// or https:// URL, got '{urlAt.Text}'");
            return null;
        }
        int status = (int?)m.Get(ConfigSchema.Health.Status) ?? 200;
        var ca = m.Scalar("ca")?.Text;
        bool insecure = m.Get(ConfigSchema.Health.InsecureSkipVerify) ?? false;
        if (ca is not null && insecure && m.Scalar("ca") is { } caAt)
        {
            errors.Add(caAt, "health.http: ca and insecureSkipVerify exclude each other");
        }
        return new HttpProbe(url, status, ca, insecure);
    }

    /// <summary>ADDRESS:PORT, IPv6 in brackets.</summary>
    private static TcpProbe? ReadTcp(ConfigValue v, ErrorSink errors)
    {
        if (ScalarParser.TryParseEndPoint(v.Text, out var target))
        {
            return new TcpProbe(target);
        }
        errors.Add(v, $"{v.Label} must be ADDRESS:PORT (127.0.0.1:6443, [::1]:6443), got '{v.Text}'");
        return null;
    }

    private static FileProbe? ReadFile(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Health.FileSection, errors) is not { } m)
        {
            return null;
        }
        if (m.Scalar("path") is not { } path)
        {
            m.Missing("health.file", "path", " (e.g. /etc/bgpspeaker/maintenance)");
            return null;
        }
        if (!Path.IsPathRooted(path.Text))
        {
            errors.Add(path, $"health.file.path must be an absolute path, got '{path.Text}'");
            return null;
        }
        return new FileProbe(path.Text, m.Get(ConfigSchema.Health.Exists) ?? false);
    }

    /// <summary>withdraw | graceful-shutdown | { med: N } | { prepend: N }.</summary>
    private static FailureAction? ReadFailure(YamlValue node, ErrorSink errors)
    {
        if (node is YamlScalar scalar)
        {
            var v = ConfigValue.Of("onFailure", scalar) with { Label = "health.onFailure" };
            return v.Text switch
            {
                "withdraw" => FailureAction.Withdraw,
                "graceful-shutdown" => FailureAction.GracefulShutdown,
                _ => Bad(v),
            };
        }
        if (MappingReader.Open(node, ConfigSchema.Health.OnFailureSection, errors) is not { } m)
        {
            return null;
        }
        if (m.Get(ConfigSchema.Health.FailureMed) is { } med)
        {
            return new FailureAction(FailureKind.Med, (uint)med);
        }
        if (m.Get(ConfigSchema.Health.FailurePrepend) is { } times)
        {
            return new FailureAction(FailureKind.Prepend, (uint)times);
        }
        m.Missing("health.onFailure", "med or prepend");
        return null;

        FailureAction? Bad(ConfigValue v)
        {
            errors.Add(v, $"health.onFailure must be withdraw, graceful-shutdown, {{ med: N }} or {{ prepend: N }}, got '{v.Text}'");
            return null;
        }
    }
}
