using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Reads one YAML mapping against its <see cref="ConfigSection"/>. Opening it reports unknown keys (with
/// a "did you mean" hint); the accessors report values of the wrong shape, and typed keys parse
/// themselves. Absent and null read as "not set". Asking for a key the section does not declare is a
/// bug in the reader, not in the file: it throws.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, YamlValue> _values = new(StringComparer.Ordinal);
    private readonly ConfigSection _section;

    private MappingReader(YamlMapping node, ConfigSection section, string what, ErrorSink errors)
    {
        Mapping = node;
        _section = section;
        What = what;
        Errors = errors;
    }

    /// <summary>How messages name this mapping: "neighbor", "fabric", "timers", ...</summary>
    public string What { get; }

    public YamlMapping Mapping { get; }

    public ErrorSink Errors { get; }

    /// <param name="what">Names the mapping in messages when the section's own name is not enough ("policy edge").</param>
    public static MappingReader? Open(YamlValue node, ConfigSection section, ErrorSink errors, string? what = null)
    {
        what ??= section.What;
        var keys = section.Names;
        if (node is not YamlMapping mapping)
        {
            errors.Add(node.Line, node.Column, $"{what} must be a mapping of keys to values, got {node.Kind}");
            return null;
        }
        var reader = new MappingReader(mapping, section, what, errors);
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

    public YamlValue? ValueOf(string key) =>
        _section.Declares(key) ? _values.GetValueOrDefault(key) : throw new InvalidOperationException($"the reader of {_section.What} asks for '{key}', which its section does not declare");

    public YamlValue? ValueOf(ConfigKey key) => ValueOf(key.Name);

    /// <summary>The value of a typed key, parsed; null when absent or invalid (reported).</summary>
    public T? Get<T>(ValueKey<T> key) where T : struct => Placed(key).Value;

    /// <summary>The parsed value and where it was written, for checks that involve another key.</summary>
    public (T? Value, ConfigValue? At) Placed<T>(ValueKey<T> key) where T : struct =>
        Scalar(key.Name) is { } at ? (key.Parse(at, Errors), at) : (null, null);

    /// <summary>Whether this mapping may hold <paramref name="key"/>: readers shared by several sections ask before reading.</summary>
    public bool Declares(ConfigKey key) => _section.Declares(key.Name);

    /// <summary><see cref="Get{T}"/> for a reader shared by sections of which only some declare the key; null where it is not declared.</summary>
    public T? GetIfDeclared<T>(ValueKey<T> key) where T : struct => Declares(key) ? Get(key) : null;

    /// <summary>A single value, labelled for messages with the section's prefix ("health.interval").</summary>
    public ConfigValue? Scalar(string key)
    {
        switch (ValueOf(key))
        {
            case null:
                return null;
            case YamlScalar scalar:
                return ConfigValue.Of(_section.LabelPrefix + key, scalar);
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
