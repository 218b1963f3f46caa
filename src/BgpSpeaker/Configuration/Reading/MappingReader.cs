using BgpSpeaker.Configuration.Yaml;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Reads one YAML mapping against the keys it may hold. Opening it reports unknown keys (with a
/// "did you mean" hint); the accessors report values of the wrong shape. Absent and null read as "not set".
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlValue> _values = new(StringComparer.Ordinal);

    private MappingReader(YamlMapping node, string what, ErrorSink errors)
    {
        Mapping = node;
        What = what;
        Errors = errors;
    }

    /// <summary>How messages name this mapping: "neighbor", "fabric", "timers", ...</summary>
    public string What { get; }

    public YamlMapping Mapping { get; }

    public ErrorSink Errors { get; }

    /// <param name="what">Names the mapping in messages: "neighbor", "timers", ...</param>
    public static MappingReader? Open(YamlValue node, string what, IReadOnlyCollection<string> keys, ErrorSink errors)
    {
        if (node is not YamlMapping mapping)
        {
            errors.Add(node.Line, node.Column, $"{what} must be a mapping of keys to values, got {node.Kind}");
            return null;
        }
        var reader = new MappingReader(mapping, what, errors);
        foreach (var (key, value) in mapping.Entries)
        {
            if (keys.Contains(key.Text))
            {
                if (value is not YamlScalar { IsNull: true })
                {
                    reader._values.Add(key.Text, value);
                }
            }
            else
            {
                errors.Add(key.Line, key.Column, $"unknown key '{key.Text}' in {what}{Suggestions.Hint(key.Text, keys)}");
            }
        }
        return reader;
    }

    /// <summary>Reports "{what} is missing '{key}'{detail}" at the start of the mapping.</summary>
    public void Missing(string what, string key, string detail = "") =>
        Errors.Add(Mapping.Line, Mapping.Column, $"{what} is missing '{key}'{detail}");

    public YamlValue? ValueOf(string key) => _values.GetValueOrDefault(key);

    public ConfigValue? Scalar(string key)
    {
        switch (ValueOf(key))
        {
            case null:
                return null;
            case YamlScalar scalar:
                return ConfigValue.Of(key, scalar);
            case var other:
                Errors.Add(other.Line, other.Column, $"{key} must be a single value, got {other.Kind}");
                return null;
        }
    }

    /// <summary>A list whose items are all single values; a bare value is not taken as a one-item list.</summary>
    public IReadOnlyList<ConfigValue>? ScalarList(string key)
    {
        if (Sequence(key) is not { } items)
        {
            return null;
        }
        var values = new List<ConfigValue>(items.Count);
        foreach (var item in items)
        {
            if (item is YamlScalar { IsNull: false } scalar)
            {
                values.Add(ConfigValue.Of(key, scalar));
            }
            else
            {
                Errors.Add(item.Line, item.Column, $"each item of {key} must be a single value, got {item.Kind}");
            }
        }
        return values;
    }

    public IReadOnlyList<YamlValue>? Sequence(string key)
    {
        switch (ValueOf(key))
        {
            case null:
                return null;
            case YamlSequence sequence:
                return sequence.Items;
            case var other:
                Errors.Add(other.Line, other.Column, $"{key} must be a list, got {other.Kind}");
                return null;
        }
    }

    /// <summary>Parses the key's value if it is set; null when absent or invalid (already reported).</summary>
    public T? Get<T>(string key, Func<ConfigValue, ErrorSink, T?> parse) where T : struct =>
        Scalar(key) is { } value ? parse(value, Errors) : null;

    public T? GetObject<T>(string key, Func<ConfigValue, ErrorSink, T?> parse) where T : class =>
        Scalar(key) is { } value ? parse(value, Errors) : null;
}
