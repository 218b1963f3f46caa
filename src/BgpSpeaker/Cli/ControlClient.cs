using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.Cli;

/// <summary>The CLI's side of the control socket: one command line out, one JSON answer back, printed as JSON or as text.</summary>
internal static class ControlClient
{
    /// <summary>
    /// Asks, then prints the answer raw (<c>-o json</c>) or through <paramref name="render"/>. Exit 1 when
    /// the daemon cannot be reached or answers with an error (said on stderr in one line).
    /// </summary>
    /// <param name="label">How the user asked, for messages: "show neighbors up1", "clear neighbor leaf-1".</param>
    public static async Task<int> RunAsync(string label, string command, string socketPath, string format, Func<JsonElement, string> render,
        CancellationToken cancellationToken)
    {
        string response;
        try
        {
            response = await AskAsync(socketPath, command, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"{label}: cannot reach the daemon at {socketPath}: {e.Message} (is `bgpspeaker run` running? --socket sets the path)").ConfigureAwait(false);
            return 1;
        }
        using var document = JsonDocument.Parse(response);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            if (format == "json")
            {
                Console.Out.Write(response);
            }
            await Console.Error.WriteLineAsync($"{label}: {error.GetString()}").ConfigureAwait(false);
            return 1;
        }
        Console.Out.Write(format == "json" ? response : render(document.RootElement));
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
