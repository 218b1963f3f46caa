using System.Text.RegularExpressions;

namespace BgpSpeaker.TestSupport;

/// <summary>Files of the checkout the tests run from (shared by the unit, interop and hostile suites).</summary>
internal static partial class Repository
{
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BgpSpeaker.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("BgpSpeaker.sln not found above the test binaries");
    }

    public static string PathOf(string relative) => Path.Combine(Root(), relative);

    /// <summary>The alert and recording rules, and the Grafana dashboard, that operators deploy.</summary>
    public static readonly string[] DeployFiles = ["deploy/prometheus/bgpspeaker-rules.yaml", "deploy/grafana/bgpspeaker-dashboard.json"];

    /// <summary>Every exported metric the deploy files name (recording rules, bgpspeaker:…, are not exported).</summary>
    public static SortedSet<string> MetricsNamedInDeployFiles() =>
        new(DeployFiles.SelectMany(f => MetricName().Matches(File.ReadAllText(PathOf(f))).Select(m => m.Value)), StringComparer.Ordinal);

    [GeneratedRegex(@"\b(bgpspeaker|process)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
