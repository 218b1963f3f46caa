namespace BgpSpeaker.Configuration.Reading;

/// <summary>Looks up <see cref="EnvironmentOverrides"/> in the environment handed to the loader.</summary>
internal sealed class EnvironmentReader(IReadOnlyDictionary<string, string> environment, ErrorSink errors)
{
    /// <summary>The variable's value if it is set, else what the file said.</summary>
    public ConfigValue? Override(string variable, ConfigValue? fromFile) =>
        environment.TryGetValue(variable, out var text) ? ConfigValue.Environment(variable, text) : fromFile;

    /// <summary>The variable's items (split at commas and white space), each a value of its own; none when unset.</summary>
    public IEnumerable<ConfigValue> Items(string variable) =>
        environment.TryGetValue(variable, out var text)
            ? text.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(item => ConfigValue.Environment(variable, item))
            : [];

    /// <summary>
    /// A variable one typo away from ours (BGPSPEAKER_ROUTER_ID) would otherwise be ignored without a word.
    /// Other BGPSPEAKER_ names are left alone: the CLI and the host may have variables of their own.
    /// </summary>
    public void ReportNearMisses()
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith(EnvironmentOverrides.Prefix, StringComparison.Ordinal)))
        {
            if (!EnvironmentOverrides.All.Contains(name) && Suggestions.Closest(name, EnvironmentOverrides.All) is { } meant)
            {
                errors.Add(ConfigValue.Environment(name, environment[name]), $"{name} is not a setting; did you mean {meant}?");
            }
        }
    }
}
