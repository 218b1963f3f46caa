using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BgpSpeaker.Daemon;

using BgpSpeaker.Control;

namespace BgpSpeaker.Cli;

/// <summary><c>bgpspeaker show summary|neighbors|routes|route PREFIX [-o table|json]</c>, asked of the running daemon over its control socket.</summary>
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
            ("fib", "The kernel routes we installed, what the kernel holds, and any difference") })
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

    private static async Task<int> RunAsync(string what, string socketPath, string format, CancellationToken cancellationToken)
    {
        string response;
        try
        {
            response = await AskAsync(socketPath, what, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"show: cannot reach the daemon at {socketPath}: {e.Message} (is `bgpspeaker run` running? --socket sets the path)").ConfigureAwait(false);
            return 1;
        }
        if (format == "json")
        {
            Console.Out.Write(response);
            return 0;
        }
        using var document = JsonDocument.Parse(response);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            await Console.Error.WriteLineAsync($"show {what}: {error.GetString()}").ConfigureAwait(false);
            return 1;
        }
        Console.Out.Write(what switch
        {
            _ when what.StartsWith("routes", StringComparison.Ordinal) => Tables.Routes(document.RootElement),
            "fib" => Tables.Fib(document.RootElement.Deserialize(ControlJson.Default.FibJsonView)!),
            _ when what.StartsWith("route ", StringComparison.Ordinal) => Tables.Decision(document.RootElement),
            _ when what.StartsWith("neighbors", StringComparison.Ordinal) => Tables.Neighbors(document.RootElement.Deserialize(ControlJson.Default.StatusView)!),
            _ => Tables.Summary(document.RootElement.Deserialize(ControlJson.Default.StatusView)!),
        });
        return 0;
    }

    public static async Task<string> AskAsync(string socketPath, string command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
