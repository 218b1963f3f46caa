namespace BgpSpeaker.Configuration;

/// <summary>
/// One problem in the configuration (an error, or a warning in <see cref="ConfigResult.Warnings"/>). <see cref="Line"/> and <see cref="Column"/> are 1-based; both are 0
/// when the problem is not at a place in the file (an environment variable, an unreadable file).
/// </summary>
public sealed record ConfigError(int Line, int Column, string Message, string File)
{
    /// <summary>The name used as <see cref="File"/> for errors in <c>BGPSPEAKER_*</c> variables.</summary>
    public const string EnvironmentSource = "environment";

    /// <summary>Compiler-style, so editors and CI logs can jump to it: <c>bgpspeaker.yaml:7:15: message</c>.</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";

    /// <summary>The same, marked as a warning: <c>bgpspeaker.yaml:7:5: warning: message</c>.</summary>
    public string ToWarningString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: warning: {Message}" : $"{File}: warning: {Message}";
}
