using System.CommandLine;
using System.Text.Json;
using BgpSpeaker.Control;
using BgpSpeaker.Daemon;

namespace BgpSpeaker.Cli;

/// <summary><c>bgpspeaker clear neighbor NAME [soft]</c>: reset one session, or refresh it both ways without a reset.</summary>
internal static class ClearCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Description = "Control socket path", DefaultValueFactory = _ => ControlServer.DefaultPath, Recursive = true };
        var output = new Option<string>("--output", "-o") { Description = "text or json", DefaultValueFactory = _ => "text", Recursive = true };
        output.AcceptOnlyFromAmong("text", "json");
        var name = new Argument<string>("NAME") { Description = "The neighbor: its name (description, address or fabric interface) or address" };
        var soft = new Argument<string?>("soft") { Description = "soft: ask the peer to resend its routes (ROUTE-REFRESH) and send it ours again; no reset", Arity = ArgumentArity.ZeroOrOne };
        soft.AcceptOnlyFromAmong("soft");
        var neighbor = new Command("neighbor", "Reset a session (Cease, administrative reset; a new one starts at once), or refresh it with soft") { name, soft };
        neighbor.SetAction(async (parse, cancellationToken) =>
        {
            string command = parse.GetValue(soft) is null ? $"clear {parse.GetValue(name)}" : $"clear {parse.GetValue(name)} soft";
            return await ControlClient.RunAsync($"clear neighbor {parse.GetValue(name)}", command, parse.GetValue(socket)!, parse.GetValue(output)!,
                root => Describe(root.Deserialize(ControlJson.Default.ClearView)!), cancellationToken).ConfigureAwait(false);
        });
        return new Command("clear", "Reset or refresh sessions of the running daemon") { socket, output, neighbor };
    }

    public static string Describe(ClearView done) => $"neighbor {done.Neighbor}: {done.Done}\n";
}
