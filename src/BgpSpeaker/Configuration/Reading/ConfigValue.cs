using BgpSpeaker.Configuration.Yaml;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// A scalar to interpret, from the file or from a <c>BGPSPEAKER_*</c> variable. The same parsers read
/// both, and messages name the value by <see cref="Label"/>: the YAML key or the variable.
/// </summary>
internal readonly record struct ConfigValue(string Label, string Text, int Line, int Column, bool FromEnvironment)
{
    public static ConfigValue Of(string label, YamlScalar scalar) => new(label, scalar.Text, scalar.Line, scalar.Column, false);

    public static ConfigValue Environment(string variable, string text) => new(variable, text, 0, 0, true);
}
