using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The feeder's and the sink's side of a session: a bare BGP speaker on its own loopback address that
/// opens the session, then streams pre-encoded bytes out and hands every UPDATE body it receives to
/// <see cref="OnUpdate"/>. Nothing in it is on the receiver's path but TCP.
/// </summary>
internal sealed class BenchPeer : IAsyncDisposable
{
    private const int HeaderSize = 19;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private Task? _reader;

    private BenchPeer(Socket socket, string name) => (_socket, Name) = (socket, name);

    /// <summary>The feeder or the sink, by its address.</summary>
    public string Name { get; }

    /// <summary>Called on the reader thread with the body of every UPDATE received.</summary>
    public Action<ReadOnlyMemory<byte>>? OnUpdate { get; set; }

    /// <summary>Why the session ended, if it did: a NOTIFICATION or the connection closing.</summary>
    public string? Ended { get; private set; }

    /// <param name="families">The multiprotocol capabilities to send (IPv6 unicast only when the workload has IPv6 prefixes).</param>
    public static async Task<BenchPeer> EstablishAsync(IPAddress source, IPEndPoint receiver, uint asn, AfiSafi[] families, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var deadline = DateTime.UtcNow + patience;
        Socket socket;
        while (true)
        {
            // A fresh socket for every attempt: after a refused connect .NET replaces the socket's handle
            // with one that is no longer bound to the source, so the retry would come from the namespace's
            // first address, the feeder's, and the receiver would take the sink for the feeder (Bad Peer AS).
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(source, 0));
            try
            {
                await socket.ConnectAsync(receiver, timeout.Token);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(50, timeout.Token); // the receiver is still starting (BIRD 3 answers on its control socket first)
            }
            catch
            {
                socket.Dispose(); // out of patience, or cancelled
                throw;
            }
        }
        var peer = new BenchPeer(socket, source.Equals(Lab.Feeder) ? "feeder" : "sink");
        var open = OpenMessage.Create(asn, 240, (uint)IpAddresses.ToBits(source),
            [.. families.Select(f => new MultiprotocolCapability(f)), new RouteRefreshCapability(), new FourOctetAsCapability(asn)]);
        await peer.SendAsync(MessageEncoder.ToBytes(open, CodecContext.Initial), timeout.Token);
        await peer.SendAsync(MessageEncoder.ToBytes(KeepaliveMessage.Instance, CodecContext.Initial), timeout.Token);
        await peer.ExpectAsync(MessageType.Open, timeout.Token);
        await peer.ExpectAsync(MessageType.Keepalive, timeout.Token);
        peer._reader = Task.Run(peer.ReadLoopAsync);
        return peer;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    private async Task ExpectAsync(MessageType wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (type, body) = await NextAsync(cancellationToken) ?? throw new IOException($"{Name}: connection closed while waiting for {wanted}");
            if (type == wanted)
            {
                return;
            }
            if (type == MessageType.Notification)
            {
                throw new IOException($"{Name}: NOTIFICATION {body.Span[0]}/{body.Span[1]} while waiting for {wanted}");
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await NextAsync(CancellationToken.None) is var (type, body))
            {
                if (type == MessageType.Update)
                {
                    OnUpdate?.Invoke(body);
                }
                else if (type == MessageType.Notification)
                {
                    Ended = $"NOTIFICATION {body.Span[0]}/{body.Span[1]}";
                    return;
                }
            }
            Ended = "connection closed";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Ended = e.Message;
        }
    }

    /// <summary>The next message's type and body (valid until the next call), or null at end of stream.</summary>
    private async Task<(MessageType Type, ReadOnlyMemory<byte> Body)?> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end - _start >= HeaderSize)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 16));
                if (length < HeaderSize)
                {
                    throw new IOException($"bad message length {length}");
                }
                if (_end - _start >= length)
                {
                    var type = (MessageType)_buffer[_start + 18];
                    var body = _buffer.AsMemory(_start + HeaderSize, length - HeaderSize);
                    _start += length;
                    return (type, body);
                }
            }
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                (_end, _start) = (_end - _start, 0);
            }
            int read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }
            _end += read;
        }
    }

    /// <summary>Ends the session as an operator would: NOTIFICATION Cease / Administrative Shutdown, then close.</summary>
    public async Task CeaseAsync()
    {
        byte[] cease = [.. Enumerable.Repeat((byte)0xFF, 16), 0, 21, (byte)MessageType.Notification, 6, 2];
        await SendAsync(cease);
        _socket.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
    }
}
