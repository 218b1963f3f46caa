using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>Reads <c>fib: { install, table, preferredSource }</c>.</summary>
internal static class FibReader
{
    public static FibConfig? Read(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Fib.Section, errors) is not { } m)
        {
            return null;
        }
        var table = m.Scalar("table") is { } t ? ReadTable(t with { Label = "fib.table" }, errors) : null;
        var source = m.Scalar("preferredSource") is { } s ? ScalarParser.Ipv4(s with { Label = "fib.preferredSource" }, errors) : null;
        return new FibConfig
        {
            Install = m.Get(ConfigSchema.Fib.Install) ?? true,
            Configured = true,
            Table = table ?? FibConfig.Default.Table,
            PreferredSource = source,
        };
    }

    /// <summary>"main" (254) or a table number; 0 (unspecified), 253 (default) and 255 (local) are the kernel's own.</summary>
    private static int? ReadTable(ConfigValue v, ErrorSink errors)
    {
        if (v.Text == "main")
        {
            return FibConfig.Default.Table;
        }
        if (!ScalarParser.TryDecimal(v.Text, out var number) || number is 0 or 253 or 255 or > int.MaxValue)
        {
            errors.Add(v, $"{v.Label} must be main or a table number 1..{int.MaxValue} other than 253 and 255, got '{v.Text}'");
            return null;
        }
        return (int)number;
    }
}
