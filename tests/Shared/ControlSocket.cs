using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.TestSupport;

/// <summary>A client for a running daemon's control socket, as `bgpspeaker show -o json` uses it.</summary>
internal static class ControlSocket
{
    /// <summary>Sends one command ("neighbors", "routes") and parses the JSON answer.</summary>
    public static async Task<JsonElement> ShowAsync(string socketPath, string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"));
        using var reader = new StreamReader(stream);
        return JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
    }

    public static async Task<JsonElement> NeighborAsync(string socketPath, string name) =>
        (await ShowAsync(socketPath, "neighbors")).GetProperty("neighbors").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);
}
