using BgpSpeaker.Configuration.Reading;

namespace BgpSpeaker.Configuration.Schema;

/// <summary>
/// One key of a configuration mapping as the reference documents it: its name, what it holds, its
/// default and one line of meaning. A key that holds a mapping names its <see cref="Section"/>. The
/// typed kinds below also parse their value, so a number's range or a choice's words live here once.
/// </summary>
internal class ConfigKey(string name, string type, string @default, string doc)
{
    public string Name => name;

    /// <summary>What the value is, in words: "seconds 1..65535", "list of prefixes", "mapping".</summary>
    public string Type => type;

    /// <summary>The value when the key is left out, in words; "required" or "" (nothing) when there is none.</summary>
    public string Default => @default;

    public string Doc => doc;

    /// <summary>The mapping this key holds (or whose list it holds), documented as a section of its own.</summary>
    public ConfigSection? Section { get; init; }
}

/// <summary>A key whose single value parses to a <typeparamref name="T"/> the same way wherever it appears.</summary>
internal sealed class ValueKey<T>(string name, string type, string @default, string doc, Func<ConfigValue, ErrorSink, T?> parse)
    : ConfigKey(name, type, @default, doc) where T : struct
{
    public T? Parse(ConfigValue value, ErrorSink errors) => parse(value, errors);
}

/// <summary>The kinds of key most mappings are made of, with their parser and their words for the reference.</summary>
internal static class Key
{
    public static ValueKey<bool> Bool(string name, bool @default, string doc) =>
        new(name, "true or false", @default ? "true" : "false", doc, ScalarParser.Bool);

    public static ValueKey<ulong> Number(string name, ulong min, ulong max, string @default, string doc) =>
        new(name, $"number {min}..{max}", @default, doc, (v, e) => ScalarParser.Number(v, e, min, max));

    public static ValueKey<TimeSpan> Seconds(string name, ulong min, ulong max, string @default, string doc) =>
        new(name, $"seconds {min}..{max}", @default, doc, (v, e) => ScalarParser.Seconds(v, e, min, max));

    public static ValueKey<T> Choice<T>(string name, IReadOnlyDictionary<string, T> choices, string @default, string doc) where T : struct =>
        new(name, string.Join(" \\| ", choices.Keys), @default, doc, (v, e) => ScalarParser.Choice(v, e, choices));

    /// <summary>A key read by its section's own reader (text, an address, a list, a mapping).</summary>
    public static ConfigKey Of(string name, string type, string @default, string doc) => new(name, type, @default, doc);

    /// <summary>A key that holds a mapping (or a list of them) described by <paramref name="section"/>.</summary>
    public static ConfigKey Holding(string name, string type, ConfigSection section, string @default, string doc) =>
        new(name, type, @default, doc) { Section = section };
}
