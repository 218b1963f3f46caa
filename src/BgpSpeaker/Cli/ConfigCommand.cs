using System.CommandLine;
using BgpSpeaker.Configuration;

namespace BgpSpeaker.Cli;

/// <summary>
/// <c>bgpspeaker config validate [FILE]</c>: every error with its line and column, exit 2 if any;
/// <c>bgpspeaker config diff OLD NEW</c>: what a reload would do; <c>bgpspeaker config reference</c>: every key.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "Configuration file (YAML)", DefaultValueFactory = _ => ConfigLoader.DefaultPath };
        var file = new Argument<string?>("FILE") { Description = "Configuration file (YAML); the same as --config", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string>("--output", "-o") { Description = "text or json", DefaultValueFactory = _ => "text", Recursive = true };
        output.AcceptOnlyFromAmong("text", "json");
        var validate = new Command("validate", "Check a configuration file and print every error with its line and column") { file, config };
        validate.SetAction(parse => Validate(parse.GetValue(file) ?? parse.GetValue(config)!, Console.Out, Console.Error, parse.GetValue(output) == "json"));

        var oldFile = new Argument<string>("OLD") { Description = "The configuration that runs" };
        var newFile = new Argument<string>("NEW") { Description = "The configuration a reload would read" };
        var diff = new Command("diff", "What a reload (kill -HUP) from OLD to NEW would change, and what waits for a restart") { oldFile, newFile };
        diff.SetAction(parse => Diff(parse.GetValue(oldFile)!, parse.GetValue(newFile)!, parse.GetValue(output) == "json", Console.Out, Console.Error));
        var reference = new Command("reference", "Print the configuration reference (Markdown): every key, its value, default and meaning");
        reference.SetAction(_ =>
        {
            Console.Out.Write(Configuration.Schema.ConfigReference.Markdown());
            return 0;
        });
        var root = new Command("config", "Configuration tools") { validate, diff, reference };
        root.Options.Add(output);
        return root;
    }

    /// <param name="json">One JSON object on standard output (valid or not, every error and warning with its place) instead of lines.</param>
    public static int Validate(string path, TextWriter output, TextWriter error, bool json = false)
    {
        var loaded = ConfigLoader.Load(path, ConfigLoader.ProcessEnvironment());
        var warnings = loaded.Warnings.ToList();
        if (loaded.Config?.Fabric is { } fabric)
        {
            var here = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).ToList();
            warnings.AddRange(FabricInterfacesMatchingNothing(fabric, here).Select(unmatched => new ConfigError(0, 0,
                $"fabric.interfaces: '{unmatched}' matches no interface on this host (present: {string.Join(", ", here.Order(StringComparer.Ordinal))})", path)));
        }
        if (json)
        {
            var view = new Control.ConfigValidateView(path, loaded.IsValid, [.. loaded.Errors.Select(Problem)], [.. warnings.Select(Problem)],
                loaded.Config is { } valid ? Summary(valid) : null);
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(view, Control.ControlJson.Default.ConfigValidateView));
            return loaded.IsValid ? 0 : 2;
        }
        warnings.ForEach(w => error.WriteLine(w.ToWarningString()));
        if (!loaded.IsValid)
        {
            PrintErrors(loaded, error);
            return 2;
        }
        var c = Summary(loaded.Config!);
        string fabricText = c.FabricInterfaces.Count > 0 ? $", fabric on {string.Join(", ", c.FabricInterfaces)}" : "";
        string localText = c.LocalPeers > 0 ? $", {c.LocalPeers} local peer(s)" : "";
        output.WriteLine($"{path}: valid: AS{c.Asn}, router-id {c.RouterId}, {c.Neighbors} neighbor(s){fabricText}{localText}, {c.Networks} network(s), "
            + $"{c.PrefixLists} prefix list(s), {c.Policies} polic{(c.Policies == 1 ? "y" : "ies")}");
        return 0;
    }

    private static Control.ConfigProblemView Problem(ConfigError e) => new(e.File, e.Line, e.Column, e.Message);

    private static Control.ConfigSummaryView Summary(SpeakerConfig c) => new(c.Asn, c.RouterId.ToString(), c.Neighbors.Count,
        c.Fabric?.Interfaces ?? [], c.LocalPeers.Count, c.Networks.Count, c.PrefixLists.Count, c.Policies.Count);

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
