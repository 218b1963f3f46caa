using System.IO.Pipelines;
using System.Net.Sockets;
using BgpSpeaker.Session.Transport;

namespace BgpSpeaker.Transport;

/// <summary>A connected TCP socket seen as a pair of pipes.</summary>
internal sealed class TcpTransport : IBgpTransport
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private readonly PendingInbound.Lease? _lease;

    /// <param name="lease">For an accepted connection: its place among the source's pending connections, given back on Established or close.</param>
    public TcpTransport(Socket socket, PendingInbound.Lease? lease = null)
    {
        _socket = socket;
        _lease = lease;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
        LocalAddress = (socket.LocalEndPoint as System.Net.IPEndPoint)?.Address is { } local && local.IsIPv4MappedToIPv6
            ? local.MapToIPv4()
            : (socket.LocalEndPoint as System.Net.IPEndPoint)?.Address;
        // Bounded buffers both ways: a peer that floods us waits on TCP, a peer that does not read stalls
        // our flushes (the writer awaits the socket), so neither grows memory.
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 65536, minimumReadSize: 4096, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 65536, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public string RemoteEndPoint { get; }

    public System.Net.IPAddress? LocalAddress { get; }

    public void SessionEstablished() => _lease?.Release();

    public async ValueTask DisposeAsync()
    {
        _lease?.Release();
        await Input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false); // flushes what was written
        }
        catch (IOException)
        {
            // The peer is gone; nothing left to flush to.
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
