using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BgpSpeaker.TestSupport;

namespace BgpSpeaker.Tests;

/// <summary>
/// What deploy/ holds. The Prometheus rules and the Grafana dashboard: promtool accepts the rules and
/// their unit tests pass, and every dashboard query is valid PromQL (that every metric they name exists
/// in a real scrape is checked in the lab: FabricInteropTests). The Kubernetes manifests: valid against
/// the API schema with no unknown key (tests/manifests, npm's kubernetes-models and TypeScript), the
/// kustomization's files present, the configuration valid.
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

    [Fact]
    public void TheKubernetesManifestsAreValidAgainstTheApiSchemaWithNoUnknownKey()
    {
        var (code, output) = ValidateManifests(Repository.PathOf("deploy/kubernetes/namespace.yaml"), Repository.PathOf("deploy/kubernetes/daemonset.yaml"));
        Assert.True(code == 0, output);
        Assert.Contains("2 object(s), 0 problem(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheManifestCheckNamesAnUnknownKeyAndAWrongType()
    {
        string daemonSet = File.ReadAllText(Repository.PathOf("deploy/kubernetes/daemonset.yaml"));
        string misspelt = Path.Combine(Path.GetTempPath(), $"bgpspeaker-ds-{Environment.ProcessId}.yaml");
        File.WriteAllText(misspelt, daemonSet.Replace("      hostNetwork: true", "      hostNetwrk: true", StringComparison.Ordinal));
        string mistyped = Path.Combine(Path.GetTempPath(), $"bgpspeaker-ds2-{Environment.ProcessId}.yaml");
        File.WriteAllText(mistyped, daemonSet.Replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: \"yes\"", StringComparison.Ordinal));
        try
        {
            var (code, output) = ValidateManifests(misspelt);
            Assert.Equal(1, code);
            Assert.Contains("'\"hostNetwrk\"' does not exist in type 'IPodSpec'", output, StringComparison.Ordinal);
            (code, output) = ValidateManifests(mistyped);
            Assert.Equal(1, code);
            Assert.Contains("readOnlyRootFilesystem must be boolean", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(misspelt);
            File.Delete(mistyped);
        }
    }

    [Fact]
    public void TheKustomizationNamesWhatExistsAndItsConfigurationIsValid()
    {
        string directory = Repository.PathOf("deploy/kubernetes");
        string kustomization = File.ReadAllText(Path.Combine(directory, "kustomization.yaml"));
        var keys = kustomization.Split('\n').Where(l => l.Length > 0 && char.IsLetter(l[0])).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]);
        Assert.Equal(["apiVersion", "kind", "namespace", "resources", "configMapGenerator", "images"], keys);
        foreach (var file in new[] { "namespace.yaml", "daemonset.yaml", "bgpspeaker.yaml" })
        {
            Assert.Contains($"  - {file}", kustomization, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(directory, file)), $"{file} is missing");
        }
        // The DaemonSet sets the router id, hostname and the node's /32 per node; the rest is the ConfigMap's file.
        string daemonSet = File.ReadAllText(Path.Combine(directory, "daemonset.yaml"));
        foreach (var variable in new[] { "BGPSPEAKER_ROUTERID", "BGPSPEAKER_HOSTNAME", "BGPSPEAKER_NETWORKS" })
        {
            Assert.Contains($"- name: {variable}", daemonSet, StringComparison.Ordinal);
        }
        Assert.Contains("value: $(BGPSPEAKER_ROUTERID)/32", daemonSet, StringComparison.Ordinal);
        // Kubernetes expands $(VAR) only from entries listed before: the router id must come first.
        Assert.True(daemonSet.IndexOf("- name: BGPSPEAKER_ROUTERID", StringComparison.Ordinal) < daemonSet.IndexOf("- name: BGPSPEAKER_NETWORKS", StringComparison.Ordinal),
            "BGPSPEAKER_ROUTERID must be listed before BGPSPEAKER_NETWORKS, which expands it");
        var loaded = BgpSpeaker.Configuration.ConfigLoader.Load(Path.Combine(directory, "bgpspeaker.yaml"), new Dictionary<string, string>
        {
            ["BGPSPEAKER_ROUTERID"] = "10.0.0.11", ["BGPSPEAKER_HOSTNAME"] = "node-11", ["BGPSPEAKER_NETWORKS"] = "10.0.0.11/32",
        });
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        Assert.Equal(9179, loaded.Config!.Metrics!.Listen.Port);
        Assert.Equal("10.0.0.11/32", Assert.Single(loaded.Config.Networks).Prefix.ToString());
        Assert.Contains("port: 9179", daemonSet, StringComparison.Ordinal);
    }

    /// <summary>tests/manifests/validate.mjs, its npm packages installed on first use (pinned versions, no lock file).</summary>
    private static (int Code, string Output) ValidateManifests(params string[] files)
    {
        string tool = Repository.PathOf("tests/manifests");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "kubernetes-models")))
        {
            var (installed, log) = Run("npm", tool, ["install", "--no-package-lock", "--no-audit", "--no-fund", "--silent"], NodeMissing);
            Assert.True(installed == 0, $"npm install in tests/manifests failed:\n{log}");
        }
        return Run("node", tool, ["validate.mjs", .. files], NodeMissing);
    }

    private const string NodeMissing = "the manifest check needs Node.js and npm (apt install nodejs npm)";

    /// <param name="missing">What to install when <paramref name="file"/> is not there.</param>
    private static (int Code, string Output) Run(string file, string directory, IEnumerable<string> arguments, string missing)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
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
            Assert.Fail($"{file} is not installed: {missing}");
            throw;
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
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
        var (code, output) = Run("promtool", Environment.CurrentDirectory, arguments, "apt install prometheus (interop/install-deps.sh installs it)");
        Assert.True(code == 0, $"promtool {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }
}
