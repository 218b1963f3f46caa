using System.IO.Pipelines;

namespace BgpSpeaker.Session.Transport;

/// <summary>
/// One established byte stream to a peer (a TCP connection at the edge, an in-memory pipe in tests).
/// Disposing closes it; the session never sees sockets.
/// </summary>
public interface IBgpTransport : IAsyncDisposable
{
    PipeReader Input { get; }

    PipeWriter Output { get; }

    /// <summary>"10.255.0.1:179", for logs.</summary>
    string RemoteEndPoint { get; }

    /// <summary>Our address on this connection: the next hop we announce ("next hop self").</summary>
    System.Net.IPAddress? LocalAddress { get; }

    /// <summary>The session on this connection reached Established (the edge stops counting it as a pending inbound connection).</summary>
    void SessionEstablished()
    {
    }
}

/// <summary>Opens outbound connections to one peer.</summary>
public interface IPeerConnector
{
    Task<IBgpTransport> ConnectAsync(CancellationToken cancellationToken);
}
