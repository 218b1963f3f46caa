namespace BgpSpeaker.Configuration.Yaml;

/// <summary>
/// A YAML node with the place it starts in the file. Our own small tree rather than YamlDotNet's
/// representation model, because that one throws on the first duplicate key and we want every error.
/// </summary>
internal abstract class YamlValue(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>What the node is, for messages such as "asn must be a number, got a list".</summary>
    public abstract string Kind { get; }
}

internal sealed class YamlScalar(int line, int column, string text, bool isNull) : YamlValue(line, column)
{
    public string Text { get; } = text;

    /// <summary>An empty plain value, ~ or null: treated as "not set".</summary>
    public bool IsNull { get; } = isNull;

    public override string Kind => IsNull ? "an empty value" : "a single value";
}

internal sealed class YamlSequence(int line, int column, IReadOnlyList<YamlValue> items) : YamlValue(line, column)
{
    public IReadOnlyList<YamlValue> Items { get; } = items;

    public override string Kind => "a list";
}

internal sealed class YamlMapping(int line, int column, IReadOnlyList<KeyValuePair<YamlScalar, YamlValue>> entries)
    : YamlValue(line, column)
{
    /// <summary>Entries in file order; duplicate keys were already reported and dropped.</summary>
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlValue>> Entries { get; } = entries;

    public override string Kind => "a mapping";
}
