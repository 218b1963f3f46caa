using System.Net;
using BgpSpeaker.Configuration;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary>A network's <c>health</c>: probes, timing, what a failure does, and the fabric gate.</summary>
public class HealthConfigTests
{
    private static HealthConfig Health(string health) =>
        Valid(Header + $"networks:\n  - prefix: 10.0.0.100/32\n    health: {health}\n").Networks.Single().Health!;

    [Fact]
    public void TheKubernetesApiPresetProbesReadyzOnThisNode()
    {
        var health = Health("{ preset: kubernetes-api }");
        var probe = Assert.IsType<HttpProbe>(Assert.Single(health.Probes));
        Assert.Equal((new Uri("https://127.0.0.1:6443/readyz"), 200, true), (probe.Url, probe.Status, probe.InsecureSkipVerify));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 2, 3, FailureAction.Withdraw, 0),
            (health.Interval, health.Timeout, health.Rise, health.Fall, health.OnFailure, health.MinFabricSessions));
    }

    [Fact]
    public void EveryProbeAndSettingIsRead()
    {
        var health = Health("""{ http: { url: "http://127.0.0.1:8080/healthz", status: 204, ca: /etc/ca.pem }, tcp: "[::1]:6443", file: { path: /etc/bgpspeaker/maintenance }, interval: 5, timeout: 2, rise: 1, fall: 4, onFailure: { med: 1000 }, minFabricSessions: 2 }""");
        Assert.Equal(
            [new HttpProbe(new Uri("http://127.0.0.1:8080/healthz"), 204, "/etc/ca.pem", false), new TcpProbe(IPEndPoint.Parse("[::1]:6443")), new FileProbe("/etc/bgpspeaker/maintenance", false)],
            health.Probes);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 1, 4, new FailureAction(FailureKind.Med, 1000), 2),
            (health.Interval, health.Timeout, health.Rise, health.Fall, health.OnFailure, health.MinFabricSessions));
    }

    [Theory]
    [InlineData("graceful-shutdown", FailureKind.GracefulShutdown, 0u)]
    [InlineData("withdraw", FailureKind.Withdraw, 0u)]
    [InlineData("{ prepend: 3 }", FailureKind.Prepend, 3u)]
    public void TheFailureActions(string yaml, FailureKind kind, uint value) =>
        Assert.Equal(new FailureAction(kind, value), Health($"{{ tcp: \"127.0.0.1:6443\", onFailure: {yaml} }}").OnFailure);

    [Theory]
    [InlineData("{ dns: example.org }", "unknown key 'dns' in health")]
    [InlineData("{ preset: kubernetes }", "health.preset must be one of kubernetes-api, got 'kubernetes'")]
    [InlineData("{ http: { url: \"ftp://x/\" } }", "health.http.url must be an http:// or https:// URL, got 'ftp://x/'")]
    [InlineData("{ http: { status: 200 } }", "health.http is missing 'url' (e.g. https://127.0.0.1:6443/readyz)")]
    [InlineData("{ tcp: \"localhost:6443\" }", "health.tcp must be ADDRESS:PORT (127.0.0.1:6443, [::1]:6443), got 'localhost:6443'")]
    [InlineData("{ file: { path: maintenance } }", "health.file.path must be an absolute path, got 'maintenance'")]
    [InlineData("{ tcp: \"127.0.0.1:1\", interval: 2, timeout: 3 }", "health.timeout (3 s) must not be longer than health.interval (2 s)")]
    [InlineData("{ tcp: \"127.0.0.1:1\", onFailure: drop }", "health.onFailure must be withdraw, graceful-shutdown, { med: N } or { prepend: N }, got 'drop'")]
    [InlineData("{ interval: 2 }", "health needs a probe (preset: kubernetes-api, http, tcp or file) or minFabricSessions")]
    public void BadHealthSettingsAreNamed(string yaml, string message)
    {
        var errors = Errors(Header + $"networks:\n  - prefix: 10.0.0.100/32\n    health: {yaml}\n");
        Assert.Contains(errors, e => e.Message.StartsWith(message, StringComparison.Ordinal));
    }
}
