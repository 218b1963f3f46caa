using BgpSpeaker.Platform.Linux.Sockets;
using System.Net;
using System.Net.Sockets;

namespace BgpSpeaker.Transport;

/// <summary>The socket protections one peer is configured with.</summary>
internal sealed record PeerSecurity(string? Md5Password, bool TtlSecurity)
{
    public static readonly PeerSecurity None = new(null, false);

    /// <summary>Applied before connect (outbound) or right after accept (inbound).</summary>
    public void Apply(Socket socket, IPAddress peer)
    {
        if (!string.IsNullOrEmpty(Md5Password))
        {
            SocketSecurity.SetMd5Password(socket, peer, Md5Password);
        }
        if (TtlSecurity)
        {
            SocketSecurity.EnableTtlSecurity(socket);
        }
    }
}
