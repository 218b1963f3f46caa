using System.Net;
using System.Net.Sockets;

namespace BgpSpeaker.Transport;

/// <summary>
/// Accepts BGP connections on the configured addresses and hands each socket to <c>onAccept</c>, which
/// finds the peer by remote address (or refuses the connection). A source that already holds
/// <see cref="PendingInbound.MaxPerSource"/> connections without an Established session has any further
/// one closed at once, before <c>onAccept</c> sees it.
/// </summary>
/// <param name="onAccept">Takes the socket and its lease, which it must release when the connection closes or is Established.</param>
internal sealed class BgpListener(IReadOnlyList<IPEndPoint> endPoints, PendingInbound pending, Func<Socket, PendingInbound.Lease, Task> onAccept) : IAsyncDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public IReadOnlyList<Socket> Sockets => _sockets;

    /// <summary>Binds every address; throws SocketException naming the one that failed (e.g. port in use).</summary>
    public void Start()
    {
        foreach (var endPoint in endPoints)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    // "::" alone serves IPv4 peers too; beside "0.0.0.0" it must leave IPv4 to that socket.
                    socket.DualMode = endPoint.Address.Equals(IPAddress.IPv6Any)
                        && !endPoints.Any(e => e.Address.Equals(IPAddress.Any) && e.Port == endPoint.Port);
                }
                socket.Bind(endPoint);
                socket.Listen(64);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new SocketException((int)e.SocketErrorCode, $"cannot listen on {endPoint}: {e.Message}");
            }
            _sockets.Add(socket);
            _loops.Add(AcceptLoop(socket, _stop.Token));
        }
    }

    private async Task AcceptLoop(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a connection reset before we accepted it; keep listening
            }
            if (accepted.RemoteEndPoint is IPEndPoint remote && pending.TryAdmit(remote.Address) is { } lease)
            {
                _ = onAccept(accepted, lease);
            }
            else
            {
                accepted.Dispose(); // over the per-source cap: counted and reported by PendingInbound
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
