using System.CommandLine;
using BgpSpeaker.Configuration;

namespace BgpSpeaker.Cli;

/// <summary><c>bgpspeaker config validate --config FILE</c>: every error with its line and column, exit 2 if any.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Configuration file (YAML)", DefaultValueFactory = _ => ConfigLoader.DefaultPath };
        var validate = new Command("validate", "Check a configuration file and print every error with its line and column") { config };
        validate.SetAction(parse =>
        {
            var path = parse.GetValue(config)!;
            var loaded = ConfigLoader.Load(path, ConfigLoader.ProcessEnvironment());
            PrintWarnings(loaded, Console.Error);
            if (!loaded.IsValid)
            {
                PrintErrors(loaded, Console.Error);
                return 2;
            }
            var c = loaded.Config!;
            Console.Out.WriteLine($"{path}: valid: AS{c.Asn}, router-id {c.RouterId}, {c.Neighbors.Count} neighbor(s), {c.Networks.Count} network(s), "
                + $"{c.PrefixLists.Count} prefix list(s), {c.Policies.Count} polic{(c.Policies.Count == 1 ? "y" : "ies")}");
            return 0;
        });
        return new Command("config", "Configuration tools") { validate };
    }

    /// <summary>One line per warning (RFC 8212 defaults and the like); for startup too.</summary>
    public static void PrintWarnings(ConfigResult result, TextWriter error)
    {
        foreach (var w in result.Warnings)
        {
            error.WriteLine(w.ToWarningString());
        }
    }

    public static void PrintErrors(ConfigResult result, TextWriter error)
    {
        foreach (var e in result.Errors)
        {
            error.WriteLine(e.ToString());
        }
        error.WriteLine($"{result.Errors.Count} error(s); the configuration was not applied");
    }
}
