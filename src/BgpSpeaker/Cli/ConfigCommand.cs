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
            if (c.Fabric is { } fabric)
            {
                var here = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToList();
                foreach (var unmatched in FabricInterfacesMatchingNothing(fabric, here))
                {
                    Console.Error.WriteLine($"{path}: warning: fabric.interfaces: '{unmatched}' matches no interface on this host (present: {string.Join(", ", here.Order(StringComparer.Ordinal))})");
                }
            }
            string fabricText = c.Fabric is { } f ? $", fabric on {string.Join(", ", f.Interfaces)}" : "";
            Console.Out.WriteLine($"{path}: valid: AS{c.Asn}, router-id {c.RouterId}, {c.Neighbors.Count} neighbor(s){fabricText}, {c.Networks.Count} network(s), "
                + $"{c.PrefixLists.Count} prefix list(s), {c.Policies.Count} polic{(c.Policies.Count == 1 ? "y" : "ies")}");
            return 0;
        });
        return new Command("config", "Configuration tools") { validate };
    }

    /// <summary>The names and patterns under fabric.interfaces that no interface of <paramref name="present"/> matches.</summary>
    public static IEnumerable<string> FabricInterfacesMatchingNothing(FabricConfig fabric, IReadOnlyList<string> present) =>
        fabric.Interfaces.Where(pattern => !present.Any(name => InterfacePattern.Matches(pattern, name)));

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
