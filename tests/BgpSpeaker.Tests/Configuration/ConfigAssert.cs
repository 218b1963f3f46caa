using BgpSpeaker.Configuration;

namespace BgpSpeaker.Tests.Configuration;

/// <summary>Parsing helpers: tests pass their own environment instead of mutating the process's.</summary>
internal static class ConfigAssert
{
    public const string File = "bgpspeaker.yaml";

    private static readonly Dictionary<string, string> NoEnvironment = [];

    public static ConfigResult Parse(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        ConfigLoader.Parse(yaml, File, environment ?? NoEnvironment);

    public static SpeakerConfig Valid(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Parse(yaml, environment);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }

    /// <summary>The configuration is rejected with exactly one error, at that place, with that message.</summary>
    public static ConfigError SingleError(string yaml, int line, int column, string message,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var errors = Errors(yaml, environment);
        var error = Assert.Single(errors);
        Assert.Equal((line, column, message), (error.Line, error.Column, error.Message));
        return error;
    }

    public static IReadOnlyList<ConfigError> Errors(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Parse(yaml, environment);
        Assert.False(result.IsValid, "the configuration was accepted");
        Assert.Null(result.Config);
        return result.Errors;
    }

    /// <summary>A valid preamble so a test can focus on one neighbor or network (lines 1-2).</summary>
    public const string Header = "asn: 65010\nrouterId: 10.0.0.10\n";
}
