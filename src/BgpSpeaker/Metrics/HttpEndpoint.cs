using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BgpSpeaker.Metrics;

/// <summary>What one GET answers: status, content type and body.</summary>
internal readonly record struct HttpAnswer(int Status, string ContentType, byte[] Body)
{
    public static HttpAnswer Text(int status, string text) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
}

/// <summary>
/// The smallest HTTP/1.1 server Prometheus and kubelet probes need: GET (and HEAD) of a path, one request
/// per connection, answered and closed. A client gets 5 s to send its request head (8 KiB at most);
/// anything else gets 400, 404 or 405. Scrapes are rare and small, so each is handled on its own task.
/// </summary>
internal sealed class HttpEndpoint : IAsyncDisposable
{
    private const int MaxHeadBytes = 8 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly Func<string, CancellationToken, Task<HttpAnswer>> _answer;
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    private HttpEndpoint(Socket listener, Func<string, CancellationToken, Task<HttpAnswer>> answer) => (_listener, _answer) = (listener, answer);

    public EndPoint LocalEndPoint => _listener.LocalEndPoint!;

    /// <summary>Binds and starts accepting; throws <see cref="SocketException"/> when the address cannot be bound.</summary>
    public static HttpEndpoint Start(IPEndPoint endPoint, Func<string, CancellationToken, Task<HttpAnswer>> answer)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                listener.DualMode = endPoint.Address.Equals(IPAddress.IPv6Any); // [::] takes IPv4 too, as operators expect
            }
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endPoint);
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var server = new HttpEndpoint(listener, answer);
        server._accepting = Task.Run(server.AcceptLoopAsync);
        return server;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                continue;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            timeout.CancelAfter(RequestTimeout);
            try
            {
                var (method, path) = await ReadRequestLineAsync(client, timeout.Token).ConfigureAwait(false);
                var answer = method is null ? HttpAnswer.Text(400, "bad request\n")
                    : method is not ("GET" or "HEAD") ? HttpAnswer.Text(405, "only GET\n")
                    : await _answer(path!, timeout.Token).ConfigureAwait(false);
                await WriteAsync(client, answer, includeBody: method != "HEAD", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
            {
                // A client that is slow, vanishes or sends garbage costs us nothing more than this connection.
            }
        }
    }

    /// <summary>The method and path (without a query) of the request line, once the whole head has arrived; nulls for garbage.</summary>
    private static async Task<(string? Method, string? Path)> ReadRequestLineAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        int length = 0;
        while (true)
        {
            int read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (null, null);
            }
            length += read;
            int end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                break;
            }
            if (length == buffer.Length)
            {
                return (null, null);
            }
        }
        string head = Encoding.ASCII.GetString(buffer, 0, length);
        var parts = head[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !parts[1].StartsWith('/'))
        {
            return (null, null);
        }
        int query = parts[1].IndexOf('?', StringComparison.Ordinal);
        return (parts[0], query >= 0 ? parts[1][..query] : parts[1]);
    }

    private static async Task WriteAsync(Socket client, HttpAnswer answer, bool includeBody, CancellationToken cancellationToken)
    {
        string reason = answer.Status switch { 200 => "OK", 400 => "Bad Request", 404 => "Not Found", 405 => "Method Not Allowed", 503 => "Service Unavailable", _ => "Error" };
        string head = $"HTTP/1.1 {answer.Status} {reason}\r\nContent-Type: {answer.ContentType}\r\nContent-Length: {answer.Body.Length}\r\nConnection: close\r\n"
            + (answer.Status == 405 ? "Allow: GET, HEAD\r\n" : "") + "\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (includeBody)
        {
            await client.SendAsync(answer.Body, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        client.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }
}
