using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BgpSpeaker.TestSupport;

namespace BgpSpeaker.Tests;

/// <summary>
/// The Prometheus rules and the Grafana dashboard in deploy/: promtool accepts the rules and their unit
/// tests pass, and every dashboard query is valid PromQL. (That every metric they name exists in a real
/// scrape is checked in the lab: FabricInteropTests.)
/// </summary>
public sealed class DeployTests
{
    private const string Rules = "deploy/prometheus/bgpspeaker-rules.yaml";

    [Fact]
    public void PromtoolAcceptsTheRules() =>
        Assert.Contains("SUCCESS", Promtool("check", "rules", Repository.PathOf(Rules)), StringComparison.Ordinal);

    [Fact]
    public void TheAlertsFireAsTheirUnitTestsSay() =>
        Assert.Contains("SUCCESS", Promtool("test", "rules", Repository.PathOf("deploy/prometheus/bgpspeaker-rules.test.yaml")), StringComparison.Ordinal);

    [Fact]
    public void EveryDashboardQueryIsValidPromQl()
    {
        var expressions = DashboardExpressions().ToList();
        Assert.True(expressions.Count >= 20, $"only {expressions.Count} queries found in the dashboard");
        // promtool parses expressions only inside rule files: one recording rule per query, with
        // Grafana's variables replaced by what they expand to.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.Count; i++)
        {
            string expr = expressions[i].Replace("$__rate_interval", "5m", StringComparison.Ordinal)
                .Replace("$instance", ".*", StringComparison.Ordinal).Replace("$job", ".*", StringComparison.Ordinal);
            rules.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - record: dashboard_query_{i}\n        expr: {JsonSerializer.Serialize(expr)}\n");
        }
        string file = Path.Combine(Path.GetTempPath(), $"bgpspeaker-dashboard-{Environment.ProcessId}.rules.yaml");
        File.WriteAllText(file, rules.ToString());
        try
        {
            Assert.Contains($"SUCCESS: {expressions.Count} rules found", Promtool("check", "rules", file), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void EveryMetricTheDeployFilesNameIsInTheReadmeTable()
    {
        string readme = File.ReadAllText(Repository.PathOf("README.md"));
        var missing = Repository.MetricsNamedInDeployFiles().Where(m => m.StartsWith("bgpspeaker_", StringComparison.Ordinal) && !readme.Contains($"`{m}`", StringComparison.Ordinal));
        Assert.Empty(missing);
    }

    private static IEnumerable<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/grafana/bgpspeaker-dashboard.json")));
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    yield return target.GetProperty("expr").GetString()!;
                }
            }
        }
    }

    private static string Promtool(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("promtool is not installed: apt install prometheus (interop/install-deps.sh installs it)");
            throw;
        }
        using (process)
        {
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"promtool {string.Join(' ', arguments)} failed:\n{output}");
            return output;
        }
    }
}
