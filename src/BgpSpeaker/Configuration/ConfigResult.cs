using System.Diagnostics.CodeAnalysis;

namespace BgpSpeaker.Configuration;

/// <summary>Either a valid configuration or every error found, in file order; never both.</summary>
public sealed class ConfigResult
{
    private ConfigResult(SpeakerConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Config = config;
        Errors = errors;
    }

    public SpeakerConfig? Config { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;

    internal static ConfigResult Success(SpeakerConfig config) => new(config, []);

    internal static ConfigResult Failure(IReadOnlyList<ConfigError> errors) =>
        errors.Count > 0 ? new(null, errors) : throw new ArgumentException("a failure needs at least one error", nameof(errors));
}
