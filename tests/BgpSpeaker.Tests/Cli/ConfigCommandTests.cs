using System.Text.Json;
using BgpSpeaker.Cli;

namespace BgpSpeaker.Tests.Cli;

/// <summary><c>config validate [FILE]</c> and <c>config diff OLD NEW</c>.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bgpc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string yaml)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private const string Old = """
        asn: 65010
        routerId: 10.0.0.10
        networks:
          - prefix: 10.10.0.0/24
        neighbors:
          - address: 10.255.0.1
            remoteAs: 65001
            description: leaf-1
            import: accept
            export: local-routes
          - address: 10.255.0.2
            remoteAs: 65002
            import: accept
            export: local-routes
          - address: 10.255.0.3
            remoteAs: 65003
            import: accept
            export: local-routes
        """;

    private static readonly string New = Old
        .Replace("description: leaf-1\n    import: accept", "description: leaf one\n    import: reject", StringComparison.Ordinal)
        .Replace("remoteAs: 65002\n", "remoteAs: 65002\n    holdTime: 120\n", StringComparison.Ordinal)
        .Replace("remoteAs: 65003\n", "remoteAs: 65003\n    shutdown: true\n", StringComparison.Ordinal)
        .Replace("  - prefix: 10.10.0.0/24\n", "  - prefix: 10.10.0.0/24\n  - prefix: 10.11.0.0/24\n", StringComparison.Ordinal)
        + "\nmetrics: { listen: 9179 }\n";

    [Fact]
    public void ValidateTakesTheFileAsAnArgumentOrAnOption()
    {
        string path = Write("a.yaml", Old);
        foreach (var args in new[] { new[] { "validate", path }, ["validate", "--config", path] })
        {
            Assert.Empty(ConfigCommand.Create().Parse(args).Errors);
        }
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, ConfigCommand.Validate(path, output, error));
        Assert.StartsWith($"{path}: valid: AS65010, router-id 10.0.0.10, 3 neighbor(s)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateInJsonGivesTheVerdictEveryProblemWithItsPlaceAndTheSummary()
    {
        foreach (var args in new[] { new[] { "validate", "x.yaml", "-o", "json" }, ["diff", "a.yaml", "b.yaml", "-o", "json"], ["validate", "-o", "text", "x.yaml"] })
        {
            Assert.Empty(ConfigCommand.Create().Parse(args).Errors);
        }
        Assert.NotEmpty(ConfigCommand.Create().Parse(["validate", "x.yaml", "-o", "yaml"]).Errors);

        var (output, error) = (new StringWriter(), new StringWriter());
        string good = Write("good.yaml", Old);
        Assert.Equal(0, ConfigCommand.Validate(good, output, error, json: true));
        var valid = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.Equal((65010u, "10.0.0.10", 3, 1), (valid.GetProperty("summary").GetProperty("asn").GetUInt32(), valid.GetProperty("summary").GetProperty("routerId").GetString(),
            valid.GetProperty("summary").GetProperty("neighbors").GetInt32(), valid.GetProperty("summary").GetProperty("networks").GetInt32()));
        Assert.Equal("", error.ToString());

        (output, error) = (new StringWriter(), new StringWriter());
        string bad = Write("bad.yaml", Old.Replace("remoteAs: 65002", "remoteAs: sixty", StringComparison.Ordinal) + "\nneighbours: []\n");
        Assert.Equal(2, ConfigCommand.Validate(bad, output, error, json: true));
        var invalid = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.False(invalid.GetProperty("valid").GetBoolean());
        Assert.False(invalid.TryGetProperty("summary", out _));
        var problems = invalid.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetInt32(), e.GetProperty("message").GetString())).ToList();
        Assert.Equal([(12, 15, "remoteAs must be a number, \"external\" or \"internal\", got 'sixty'"),
            (19, 1, "unknown key 'neighbours' in the configuration; did you mean 'neighbors'?")], problems);
        Assert.Equal(bad, invalid.GetProperty("errors")[0].GetProperty("source").GetString());
    }

    [Fact]
    public void DiffSaysWhatAReloadAppliesWhatItEndsAndWhatWaitsForARestart()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.True(ConfigCommand.Diff(Write("old.yaml", Old), Write("new.yaml", New), json: true, output, error) == 0, error.ToString());
        var diff = JsonDocument.Parse(output.ToString()).RootElement;
        static string[] Lines(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(l => l.GetString()!)];

        Assert.Equal(
            ["neighbor 10.255.0.1: description take effect",
             "neighbor 10.255.0.1: import re-evaluated (ROUTE-REFRESH: the peer resends its routes)",
             "network(s) 10.11.0.0/24 announced"],
            Lines(diff, "appliedByReload"));
        Assert.Equal(["neighbor 10.255.0.3: shut down (Cease)"], Lines(diff, "sessionsEnded"));
        Assert.Equal(["metrics", "neighbor 10.255.0.2: holdTime, keepalive"], Lines(diff, "waitsForRestart")); // keepalive follows holdTime (a third)
    }

    [Fact]
    public void DiffInWordsAndOfIdenticalFiles()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.True(ConfigCommand.Diff(Write("old.yaml", Old), Write("new.yaml", New), json: false, output, error) == 0, error.ToString());
        string text = output.ToString();
        Assert.Contains("a reload (kill -HUP) applies, without resetting any session:\n  neighbor 10.255.0.1: description take effect", text, StringComparison.Ordinal);
        Assert.Contains("sessions a reload ends:\n  neighbor 10.255.0.3: shut down (Cease)", text, StringComparison.Ordinal);
        Assert.Contains("waits for a restart (a reload logs it and keeps what runs; a restart resets every session):\n  metrics\n", text, StringComparison.Ordinal);

        output = new StringWriter();
        Assert.Equal(0, ConfigCommand.Diff(Write("a.yaml", Old), Write("b.yaml", Old), json: false, output, error));
        Assert.EndsWith("no difference a reload would act on\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DiffOfAnInvalidFileNamesItsErrorsAndExitsTwo()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        string bad = Write("bad.yaml", Old.Replace("remoteAs: 65001", "remoteAs: 65001\n    holdtime: 9", StringComparison.Ordinal));
        Assert.Equal(2, ConfigCommand.Diff(Write("old.yaml", Old), bad, json: false, output, error));
        Assert.Contains("unknown key 'holdtime' in neighbor; did you mean 'holdTime'?", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }
}
