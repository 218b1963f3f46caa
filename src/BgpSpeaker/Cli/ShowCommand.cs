using System.CommandLine;
using System.Text.Json;
using BgpSpeaker.Control;
using BgpSpeaker.Daemon;

namespace BgpSpeaker.Cli;

/// <summary><c>bgpspeaker show summary|neighbors|routes|route PREFIX|fib|health [-o table|json]</c>, asked of the running daemon over its control socket.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Description = "Control socket path", DefaultValueFactory = _ => ControlServer.DefaultPath, Recursive = true };
        var output = new Option<string>("--output", "-o") { Description = "table or json", DefaultValueFactory = _ => "table", Recursive = true };
        output.AcceptOnlyFromAmong("table", "json");
        var show = new Command("show", "Show the running daemon's state") { socket, output };
        var neighbor = new Argument<string?>("neighbor") { Description = "One neighbor (its name or address): adds its recent malformed UPDATEs", Arity = ArgumentArity.ZeroOrOne };
        var neighbors = new Command("neighbors", "Neighbors in detail") { neighbor };
        neighbors.SetAction(async (parse, cancellationToken) =>
            await RunAsync(parse.GetValue(neighbor) is { } name ? $"neighbors {name}" : "neighbors", parse.GetValue(socket)!, parse.GetValue(output)!, cancellationToken).ConfigureAwait(false));
        show.Subcommands.Add(neighbors);
        foreach (var (name, description) in new[] { ("summary", "One line per neighbor"), ("routes", "Routes received from neighbors"),
            ("fib", "The kernel routes we installed, what the kernel holds, and any difference"),
            ("health", "Health-gated networks: their probes' last results and what their state imposes") })
        {
            var sub = new Command(name, description);
            sub.SetAction(async (parse, cancellationToken) =>
                await RunAsync(name, parse.GetValue(socket)!, parse.GetValue(output)!, cancellationToken).ConfigureAwait(false));
            show.Subcommands.Add(sub);
        }
        var prefix = new Argument<string>("prefix") { Description = "The prefix, e.g. 10.0.0.0/24" };
        var route = new Command("route", "Every path to one prefix and why the best one won") { prefix };
        route.SetAction(async (parse, cancellationToken) =>
        {
            string text = parse.GetValue(prefix)!;
            if (!Wire.Nlri.Prefix.TryParse(text, out _))
            {
                await Console.Error.WriteLineAsync($"show route: '{text}' is not a prefix (e.g. 10.0.0.0/24 or 2001:db8::/32)").ConfigureAwait(false);
                return 2;
            }
            return await RunAsync($"route {text}", parse.GetValue(socket)!, parse.GetValue(output)!, cancellationToken).ConfigureAwait(false);
        });
        show.Subcommands.Add(route);
        return show;
    }

    private static Task<int> RunAsync(string what, string socketPath, string format, CancellationToken cancellationToken) =>
        ControlClient.RunAsync($"show {what}", what, socketPath, format, root => what switch
        {
            _ when what.StartsWith("routes", StringComparison.Ordinal) => Tables.Routes(root.Deserialize(ControlJson.Default.RoutesView)!),
            "fib" => Tables.Fib(root.Deserialize(ControlJson.Default.FibJsonView)!),
            "health" => Tables.Health(root.Deserialize(ControlJson.Default.HealthView)!),
            _ when what.StartsWith("route ", StringComparison.Ordinal) => Tables.Decision(root.Deserialize(ControlJson.Default.DecisionView)!),
            _ when what.StartsWith("neighbors", StringComparison.Ordinal) => Tables.Neighbors(root.Deserialize(ControlJson.Default.StatusView)!),
            _ => Tables.Summary(root.Deserialize(ControlJson.Default.StatusView)!),
        }, cancellationToken);
}
