using System.Net;
using System.Net.Sockets;
using BgpSpeaker.Session.Transport;

namespace BgpSpeaker.Transport;

/// <summary>
/// Connects to one peer over TCP, with its MD5 key and GTSM applied before the SYN goes out. The
/// address is asked for at each attempt: a fabric leaf's link-local address is learned, and may change.
/// </summary>
internal sealed class TcpPeerConnector(Func<IPEndPoint?> remoteNow, IPAddress? localAddress, PeerSecurity security) : IPeerConnector
{
    public TcpPeerConnector(IPEndPoint remote, IPAddress? localAddress, PeerSecurity security)
        : this(() => remote, localAddress, security)
    {
    }

    public async Task<IBgpTransport> ConnectAsync(CancellationToken cancellationToken)
    {
        var remote = remoteNow() ?? throw new InvalidOperationException("the peer's address is not known yet");
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            security.Apply(socket, remote.Address);
            if (localAddress is not null)
            {
                socket.Bind(new IPEndPoint(localAddress, 0));
            }
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return new TcpTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
