using System.Diagnostics.CodeAnalysis;

namespace BgpSpeaker.Configuration;

/// <summary>
/// Either a valid configuration or every error found, in file order; never both. Warnings (settings
/// that are valid but probably not what was meant, such as RFC 8212 defaults) come with either.
/// </summary>
public sealed class ConfigResult
{
    private ConfigResult(SpeakerConfig? config, IReadOnlyList<ConfigError> errors, IReadOnlyList<ConfigError> warnings)
    {
        Config = config;
        Errors = errors;
        Warnings = warnings;
    }

    public SpeakerConfig? Config { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>Printed by <c>config validate</c> and at startup; they never stop the daemon.</summary>
    public IReadOnlyList<ConfigError> Warnings { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;

    internal static ConfigResult Success(SpeakerConfig config, IReadOnlyList<ConfigError>? warnings = null) =>
        new(config, [], warnings ?? []);

    internal static ConfigResult Failure(IReadOnlyList<ConfigError> errors, IReadOnlyList<ConfigError>? warnings = null) =>
        errors.Count > 0 ? new(null, errors, warnings ?? []) : throw new ArgumentException("a failure needs at least one error", nameof(errors));
}
