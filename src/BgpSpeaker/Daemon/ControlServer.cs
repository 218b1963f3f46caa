using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>
/// The control socket (a unix socket under /run): a client writes one command line ("summary",
/// "neighbors", "routes") and reads JSON until the daemon closes the connection.
/// </summary>
internal sealed class ControlServer(string path, Func<string, CancellationToken, Task<string>> answer, ILogger logger) : IAsyncDisposable
{
    public const string DefaultPath = "/run/bgpspeaker/bgpspeaker.sock";

    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private Task? _loop;

    public void Start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            File.Delete(path); // left by a daemon that did not stop cleanly
        }
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _socket.Listen(16);
        _loop = AcceptLoop(_socket, _stop.Token);
    }

    private async Task AcceptLoop(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                _ = ServeAsync(client, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                ControlLog.ControlSocketError(logger, path, e.Message);
            }
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10)); // a client that never sends its line does not hold a task forever
        try
        {
            await using var stream = new NetworkStream(client);
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            var line = await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            var response = await answer((line ?? "").Trim(), timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(response + "\n"), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            ControlLog.ControlSocketError(logger, path, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        _stop.Dispose();
    }
}
