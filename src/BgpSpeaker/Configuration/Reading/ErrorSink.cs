namespace BgpSpeaker.Configuration.Reading;

/// <summary>Collects errors for one configuration source; readers report and carry on.</summary>
internal sealed class ErrorSink(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigError> _warnings = [];

    public int Count => _errors.Count;

    public void Add(int line, int column, string message) => _errors.Add(new ConfigError(line, column, message, file));

    public void Add(ConfigValue at, string message)
    {
        if (at.FromEnvironment)
        {
            _errors.Add(new ConfigError(0, 0, message, ConfigError.EnvironmentSource));
        }
        else
        {
            Add(at.Line, at.Column, message);
        }
    }

    /// <summary>A warning: reported, but the configuration still loads.</summary>
    public void Warn(ConfigValue at, string message) =>
        _warnings.Add(at.FromEnvironment
            ? new ConfigError(0, 0, message, ConfigError.EnvironmentSource)
            : new ConfigError(at.Line, at.Column, message, file));

    public IReadOnlyList<ConfigError> SortedWarnings() =>
        [.. _warnings.OrderBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>Environment errors first, then file errors top to bottom (the sort is stable).</summary>
    public IReadOnlyList<ConfigError> Sorted() =>
        [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
