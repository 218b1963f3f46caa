using BgpSpeaker.Configuration.Reading;
using BgpSpeaker.Configuration.Yaml;

namespace BgpSpeaker.Configuration;

/// <summary>
/// Reads the daemon's YAML configuration into a validated <see cref="SpeakerConfig"/>, or every error
/// found with its line and column. Never throws for bad input: a daemon reloading on SIGHUP must keep
/// running on its old configuration and say what is wrong with the new one.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Where the daemon looks when no --config is given (a read-only mount on Talos and in pods).</summary>
    public const string DefaultPath = "/etc/bgpspeaker/bgpspeaker.yaml";

    /// <param name="path">Named in errors as given.</param>
    /// <param name="environment">Usually the process environment; only <c>BGPSPEAKER_*</c> entries are read.</param>
    public static ConfigResult Load(string path, IReadOnlyDictionary<string, string> environment)
    {
        if (Directory.Exists(path))
        {
            return ConfigResult.Failure([new ConfigError(0, 0, "cannot read the configuration: it is a directory", path)]);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ConfigResult.Failure([new ConfigError(0, 0, $"cannot read the configuration: {Describe(e)}", path)]);
        }
        return Parse(text, path, environment);
    }

    /// <param name="sourceName">Used as <see cref="ConfigError.File"/>.</param>
    public static ConfigResult Parse(string yamlText, string sourceName, IReadOnlyDictionary<string, string> environment)
    {
        var errors = new ErrorSink(sourceName);
        var env = new EnvironmentReader(environment, errors);
        env.ReportNearMisses();
        var root = YamlTreeBuilder.Build(yamlText, errors);
        var config = root is null ? null : SpeakerReader.Read(root, env, errors);
        return config is not null && errors.Count == 0
            ? ConfigResult.Success(config, errors.SortedWarnings())
            : ConfigResult.Failure(errors.Sorted(), errors.SortedWarnings());
    }

    /// <summary>A snapshot of the process environment in the shape <see cref="Load"/> takes.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }
        return result;
    }

    private static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
