using System.Net;
using System.Net.Sockets;
using BgpSpeaker.Session.Transport;

namespace BgpSpeaker.Transport;

/// <summary>Connects to one peer over TCP, with its MD5 key and GTSM applied before the SYN goes out.</summary>
internal sealed class TcpPeerConnector(IPEndPoint remote, IPAddress? localAddress, PeerSecurity security) : IPeerConnector
{
    public async Task<IBgpTransport> ConnectAsync(CancellationToken cancellationToken)
    {
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
