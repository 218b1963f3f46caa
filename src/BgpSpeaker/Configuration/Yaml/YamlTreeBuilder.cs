using BgpSpeaker.Configuration.Reading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BgpSpeaker.Configuration.Yaml;

/// <summary>
/// Builds a <see cref="YamlValue"/> tree from YamlDotNet's parser events. Syntax errors stop the build
/// (the parser cannot resume); structural problems (duplicate keys, non-scalar keys, unknown aliases)
/// are reported and the build goes on so that every error reaches the operator at once.
/// </summary>
internal sealed class YamlTreeBuilder
{
    // Deeper nesting than any config needs; guards the recursion against hostile input.
    private const int MaxDepth = 32;

    private readonly IParser _parser;
    private readonly ErrorSink _errors;
    private readonly Dictionary<string, YamlValue> _anchors = new(StringComparer.Ordinal);

    private YamlTreeBuilder(IParser parser, ErrorSink errors)
    {
        _parser = parser;
        _errors = errors;
    }

    /// <summary>The single document's root, or null when the text is empty or unusable (errors say why).</summary>
    public static YamlValue? Build(string text, ErrorSink errors)
    {
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            return new YamlTreeBuilder(parser, errors).ReadStream();
        }
        catch (YamlException e)
        {
            // YamlDotNet places tab errors at the enclosing mapping; point at the tab instead.
            if (e.Message.Contains("tab", StringComparison.Ordinal) && FirstIndentingTab(text) is var (line, column))
            {
                errors.Add(line, column, "invalid YAML: a tab in the indentation; indent with spaces");
            }
            else
            {
                errors.Add((int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {e.Message}");
            }
            return null;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed flow collections (e.g. `[a,{ b]`) instead of
            // a YamlException; the daemon must get an error, not an exception, so report where reading stopped.
            var at = parser.LastRead;
            errors.Add(Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), $"invalid YAML after this point: {e.Message}");
            return null;
        }
    }

    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string indent = lines[i][..(lines[i].Length - lines[i].TrimStart(' ', '\t').Length)];
            if (indent.IndexOf('\t', StringComparison.Ordinal) is var tab and >= 0)
            {
                return (i + 1, tab + 1);
            }
        }
        return null;
    }

    private YamlValue? ReadStream()
    {
        Expect<StreamStart>();
        YamlValue? root = null;
        while (_parser.TryConsume<DocumentStart>(out var start))
        {
            if (root is not null)
            {
                Report(start, "only one YAML document is allowed in the configuration");
                return root;
            }
            root = ReadNode(depth: 0);
            Expect<DocumentEnd>();
        }
        if (root is null || root is YamlScalar { IsNull: true })
        {
            _errors.Add(1, 1, "the configuration is empty");
            return null;
        }
        return root;
    }

    private YamlValue ReadNode(int depth)
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of YAML");
        if (depth > MaxDepth)
        {
            throw new YamlException(current.Start, current.End, $"nesting deeper than {MaxDepth} levels");
        }
        YamlValue node = current switch
        {
            Scalar s => ReadScalar(s),
            SequenceStart => ReadSequence(depth),
            MappingStart => ReadMapping(depth),
            AnchorAlias a => ResolveAlias(a),
            _ => throw new YamlException(current.Start, current.End, $"unexpected {current}"),
        };
        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            _anchors[anchored.Anchor.Value] = node;
        }
        return node;
    }

    private YamlScalar ReadScalar(Scalar s)
    {
        _parser.MoveNext();
        bool isNull = s.Style == ScalarStyle.Plain && s.Tag.IsEmpty && s.Value is "" or "~" or "null" or "Null" or "NULL";
        return new YamlScalar(Line(s), Column(s), s.Value, isNull);
    }

    private YamlSequence ReadSequence(int depth)
    {
        var start = Expect<SequenceStart>();
        var items = new List<YamlValue>();
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode(depth + 1));
        }
        return new YamlSequence(Line(start), Column(start), items);
    }

    private YamlMapping ReadMapping(int depth)
    {
        var start = Expect<MappingStart>();
        var entries = new List<KeyValuePair<YamlScalar, YamlValue>>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current!;
            var key = ReadNode(depth + 1);
            var value = ReadNode(depth + 1);
            if (key is not YamlScalar scalarKey)
            {
                Report(keyEvent, $"a key must be a plain name, not {key.Kind}");
            }
            else if (seen.TryGetValue(scalarKey.Text, out var first))
            {
                Report(keyEvent, $"duplicate key '{scalarKey.Text}' (first set at line {first.Line})");
            }
            else
            {
                seen.Add(scalarKey.Text, scalarKey);
                entries.Add(new(scalarKey, value));
            }
        }
        return new YamlMapping(Line(start), Column(start), entries);
    }

    private YamlValue ResolveAlias(AnchorAlias alias)
    {
        _parser.MoveNext();
        if (_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            return target;
        }
        Report(alias, $"alias *{alias.Value.Value} refers to no anchor defined before it");
        return new YamlScalar(Line(alias), Column(alias), "", isNull: true);
    }

    private T Expect<T>() where T : ParsingEvent => _parser.Consume<T>();

    private void Report(ParsingEvent at, string message) => _errors.Add(Line(at), Column(at), message);

    private static int Line(ParsingEvent e) => (int)e.Start.Line;

    private static int Column(ParsingEvent e) => (int)e.Start.Column;

    /// <summary>Remembers where the last event the parser produced ended, for errors it does not locate.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastRead { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                LastRead = current.End;
            }
            return inner.MoveNext();
        }
    }
}
