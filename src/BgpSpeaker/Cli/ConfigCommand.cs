using System.CommandLine;
using BgpSpeaker.Configuration;

namespace BgpSpeaker.Cli;

/// <summary>
/// <c>bgpspeaker config validate [FILE]</c>: every error with its line and column, exit 2 if any;
/// <c>bgpspeaker config diff OLD NEW</c>: what a reload would do.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Configuration file (YAML)", DefaultValueFactory = _ => ConfigLoader.DefaultPath };
        var file = new Argument<string?>("FILE") { Description = "Configuration file (YAML); the same as --config", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Check a configuration file and print every error with its line and column") { file, config };
        validate.SetAction(parse => Validate(parse.GetValue(file) ?? parse.GetValue(config)!, Console.Out, Console.Error));

        var oldFile = new Argument<string>("OLD") { Description = "The configuration that runs" };
        var newFile = new Argument<string>("NEW") { Description = "The configuration a reload would read" };
        var output = new Option<string>("--output", "-o") { Description = "text or json", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var diff = new Command("diff", "What a reload (kill -HUP) from OLD to NEW would change, and what waits for a restart") { oldFile, newFile, output };
        diff.SetAction(parse => Diff(parse.GetValue(oldFile)!, parse.GetValue(newFile)!, parse.GetValue(output) == "json", Console.Out, Console.Error));
        return new Command("config", "Configuration tools") { validate, diff };
    }

    public static int Validate(string path, TextWriter output, TextWriter error)
    {
        var loaded = ConfigLoader.Load(path, ConfigLoader.ProcessEnvironment());
        PrintWarnings(loaded, error);
        if (!loaded.IsValid)
        {
            PrintErrors(loaded, error);
            return 2;
        }
        var c = loaded.Config!;
        if (c.Fabric is { } fabric)
        {
            var here = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToList();
            foreach (var unmatched in FabricInterfacesMatchingNothing(fabric, here))
            {
                error.WriteLine($"{path}: warning: fabric.interfaces: '{unmatched}' matches no interface on this host (present: {string.Join(", ", here.Order(StringComparer.Ordinal))})");
            }
        }
        string fabricText = c.Fabric is { } f ? $", fabric on {string.Join(", ", f.Interfaces)}" : "";
        output.WriteLine($"{path}: valid: AS{c.Asn}, router-id {c.RouterId}, {c.Neighbors.Count} neighbor(s){fabricText}, {c.Networks.Count} network(s), "
            + $"{c.PrefixLists.Count} prefix list(s), {c.Policies.Count} polic{(c.Policies.Count == 1 ? "y" : "ies")}");
        return 0;
    }

    /// <summary>Both files must be valid; then the reload's effect in words (exit 0), or every error of the invalid one (exit 2).</summary>
    public static int Diff(string oldPath, string newPath, bool json, TextWriter output, TextWriter error)
    {
        var environment = ConfigLoader.ProcessEnvironment();
        var loaded = new[] { ConfigLoader.Load(oldPath, environment), ConfigLoader.Load(newPath, environment) };
        foreach (var invalid in loaded.Where(l => !l.IsValid))
        {
            PrintErrors(invalid, error);
        }
        if (loaded.Any(l => !l.IsValid))
        {
            return 2;
        }
        var (before, after) = (loaded[0].Config!, loaded[1].Config!);
        var changes = before.Diff(after);
        var view = new Control.ConfigDiffView([.. changes.AppliedInPlace(after)], [.. changes.WaitingForRestart()], [.. changes.SessionsEndedByReload()]);
        if (json)
        {
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(view, Control.ControlJson.Default.ConfigDiffView));
            return 0;
        }
        if (view.AppliedByReload.Count == 0 && view.WaitsForRestart.Count == 0 && view.SessionsEnded.Count == 0)
        {
            output.WriteLine($"{oldPath} → {newPath}: no difference a reload would act on");
            return 0;
        }
        output.WriteLine($"{oldPath} → {newPath}:");
        output.WriteLine(view.AppliedByReload.Count == 0 ? "a reload applies nothing" : "a reload (kill -HUP) applies, without resetting any session:");
        view.AppliedByReload.ToList().ForEach(line => output.WriteLine($"  {line}"));
        output.WriteLine(view.SessionsEnded.Count == 0 ? "sessions a reload ends: none" : "sessions a reload ends:");
        view.SessionsEnded.ToList().ForEach(line => output.WriteLine($"  {line}"));
        if (view.WaitsForRestart.Count > 0)
        {
            output.WriteLine("waits for a restart (a reload logs it and keeps what runs; a restart resets every session):");
            view.WaitsForRestart.ToList().ForEach(line => output.WriteLine($"  {line}"));
        }
        return 0;
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
