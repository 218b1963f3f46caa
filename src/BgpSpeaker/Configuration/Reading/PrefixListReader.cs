using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Reads <c>prefixLists</c>: a mapping of names to lists of entries, each either a string
/// ("10.0.0.0/8 ge 24 le 32") or a mapping {prefix, ge, le}.
/// </summary>
internal static class PrefixListReader
{
    public static ValueList<PrefixList> Read(YamlValue node, ErrorSink errors)
    {
        if (node is not YamlMapping mapping)
        {
            errors.Add(node.Line, node.Column, $"prefixLists must be a mapping of names to lists of prefixes, got {node.Kind}");
            return [];
        }
        var lists = new List<PrefixList>();
        foreach (var (name, value) in mapping.Entries)
        {
            if (value is not YamlSequence sequence)
            {
                errors.Add(value.Line, value.Column, $"prefix list {name.Text} must be a list of entries such as \"10.0.0.0/8 le 32\", got {value.Kind}");
                continue;
            }
            int before = errors.Count;
            var entries = new List<PrefixListEntry>();
            foreach (var item in sequence.Items)
            {
                if (ReadEntry(item, name.Text, errors) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            if (errors.Count == before)
            {
                lists.Add(new PrefixList(name.Text, entries));
            }
        }
        return lists.ToValueList();
    }

    private static PrefixListEntry? ReadEntry(YamlValue item, string list, ErrorSink errors) => item switch
    {
        YamlScalar { IsNull: false } scalar => ReadText(ConfigValue.Of($"prefix list {list}", scalar), errors),
        YamlMapping => ReadMapping(item, list, errors),
        _ => Invalid(item, list, errors),
    };

    private static PrefixListEntry? Invalid(YamlValue item, string list, ErrorSink errors)
    {
        errors.Add(item.Line, item.Column, $"each entry of prefix list {list} must be \"prefix [ge N] [le N]\" or a mapping {{prefix, ge, le}}, got {item.Kind}");
        return null;
    }

    /// <summary>"10.0.0.0/8", "10.0.0.0/8 le 32", "10.0.0.0/8 ge 24 le 32".</summary>
    private static PrefixListEntry? ReadText(ConfigValue v, ErrorSink errors)
    {
        var words = v.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int? ge = null, le = null;
        bool wellFormed = words.Length is 1 or 3 or 5;
        for (int i = 1; wellFormed && i + 1 < words.Length; i += 2)
        {
            bool number = ScalarParser.TryDecimal(words[i + 1], out ulong n) && n <= 128;
            switch (words[i])
            {
                case "ge" when number && ge is null && le is null:
                    ge = (int)n;
                    break;
                case "le" when number && le is null:
                    le = (int)n;
                    break;
                default:
                    wellFormed = false;
                    break;
            }
        }
        if (!wellFormed)
        {
            errors.Add(v, $"{v.Label}: an entry must be \"prefix [ge N] [le N]\" (e.g. \"10.0.0.0/8 ge 24 le 32\"), got '{v.Text}'");
            return null;
        }
        var prefix = NetworkReader.ReadPrefix(v with { Text = words[0] }, errors);
        return prefix is { } p ? Create(p, ge, le, v, errors) : null;
    }

    private static PrefixListEntry? ReadMapping(YamlValue node, string list, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.PrefixLists.EntrySection, errors, $"an entry of prefix list {list}") is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var prefix = m.Scalar("prefix") is { } p ? NetworkReader.ReadPrefix(p, errors) : null;
        if (m.ValueOf("prefix") is null)
        {
            m.Missing($"an entry of prefix list {list}", "prefix", " (e.g. 10.0.0.0/8)");
        }
        var ge = m.Get("ge", (v, e) => ScalarParser.Number(v, e, 0, 128));
        var le = m.Get("le", (v, e) => ScalarParser.Number(v, e, 0, 128));
        if (errors.Count > before || prefix is null)
        {
            return null;
        }
        var at = m.Scalar("ge") ?? m.Scalar("le") ?? m.Scalar("prefix")!.Value;
        return Create(prefix.Value, (int?)ge, (int?)le, at with { Label = $"prefix list {list}" }, errors);
    }

    private static PrefixListEntry? Create(Prefix prefix, int? ge, int? le, ConfigValue at, ErrorSink errors)
    {
        if (PrefixListEntry.TryCreate(prefix, ge, le, out var entry, out string? error))
        {
            return entry;
        }
        errors.Add(at, $"{at.Label}: {prefix}: {error}");
        return null;
    }
}
