using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>
/// A scripted BGP peer over a real TCP socket bound to its own loopback address (the daemon knows its
/// neighbors by source address). It sends whatever bytes a test gives it; a background pump cuts what
/// the daemon sends into messages with the codec's framer and decoder.
/// </summary>
internal sealed class WirePeer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // What the daemon may send us: lenient limits, so the pump never mistakes a large message for garbage.
    private static readonly CodecContext Receiving = new() { FourOctetAs = true, MaxMessageSize = CodecContext.ExtendedMaxMessageSize };

    private readonly Socket _socket;
    private readonly Channel<Incoming> _incoming = Channel.CreateUnbounded<Incoming>();
    private readonly List<Incoming> _history = [];
    private readonly Task _pump;

    private WirePeer(Socket socket)
    {
        _socket = socket;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Everything received so far, in order (for failure messages).</summary>
    public string History
    {
        get
        {
            lock (_history)
            {
                return string.Join("\n  ", _history);
            }
        }
    }

    /// <param name="receiveBuffer">A small kernel receive buffer makes a peer that stops reading push back sooner.</param>
    public static async Task<WirePeer> ConnectAsync(IPAddress source, IPEndPoint daemon, int? receiveBuffer = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (receiveBuffer is { } size)
            {
                socket.ReceiveBufferSize = size; // before connecting, so the window is negotiated with it
            }
            socket.Bind(new IPEndPoint(source, 0));
            using var timeout = new CancellationTokenSource(Patience);
            await socket.ConnectAsync(daemon, timeout.Token);
            return new WirePeer(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The OPEN a well-behaved peer sends: IPv4 unicast, route refresh (plain and enhanced), 4-octet AS. No extended messages.</summary>
    public static OpenMessage Open(uint asn, ushort holdTime, string routerId, params Capability[] extra) =>
        OpenMessage.Create(asn, holdTime, IpAddresses.ParseV4(routerId),
        [
            new MultiprotocolCapability(AfiSafi.Ipv4Unicast),
            new RouteRefreshCapability(),
            new EnhancedRouteRefreshCapability(),
            new FourOctetAsCapability(asn),
            .. extra,
        ]);

    public Task SendAsync(BgpMessage message) => SendAsync(MessageEncoder.ToBytes(message, CodecContext.Initial));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
    }

    /// <summary>The next thing from the daemon, or null when nothing came within <paramref name="timeout"/>.</summary>
    public async Task<Incoming?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _incoming.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return Incoming.End("already reported");
        }
    }

    /// <summary>What already arrived, without waiting.</summary>
    public List<Incoming> Drain()
    {
        var items = new List<Incoming>();
        while (_incoming.Reader.TryRead(out var item))
        {
            items.Add(item);
        }
        return items;
    }

    /// <summary>
    /// Opens the session: the daemon (passive) sends its OPEN as soon as we connect; we answer with
    /// <paramref name="open"/> and a KEEPALIVE, and wait for its KEEPALIVE and then its End-of-RIB,
    /// which it sends only once Established.
    /// </summary>
    public async Task<OpenMessage> EstablishAsync(OpenMessage open)
    {
        var theirs = await NextAsync<OpenMessage>("the daemon's OPEN");
        await SendAsync(open);
        await SendAsync(KeepaliveMessage.Instance);
        await NextAsync<KeepaliveMessage>("the daemon's KEEPALIVE");
        while ((await NextAsync<UpdateMessage>("the daemon's End-of-RIB")).EndOfRib is null)
        {
        }
        return theirs;
    }

    /// <summary>Skips KEEPALIVE, UPDATE and ROUTE-REFRESH until a message of type <typeparamref name="T"/>; fails on anything else.</summary>
    public async Task<T> NextAsync<T>(string what, TimeSpan? timeout = null, Func<string>? diagnostics = null) where T : BgpMessage
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            var item = await ReceiveAsync(deadline - DateTime.UtcNow);
            switch (item?.Message)
            {
                case T wanted:
                    return wanted;
                case null when item is not null:
                    Assert.Fail($"waiting for {what}, got {item}; so far:\n  {History}");
                    break;
                case NotificationMessage:
                    Assert.Fail($"waiting for {what}, got {item}; so far:\n  {History}");
                    break;
            }
        }
        Assert.Fail($"no {what} within {(timeout ?? Patience).TotalSeconds:0}s; so far:\n  {History}\n{diagnostics?.Invoke()}");
        return null!;
    }

    /// <summary>Waits for the end of the connection, skipping messages; returns everything seen meanwhile.</summary>
    public async Task<List<Incoming>> UntilClosedAsync(TimeSpan? timeout = null)
    {
        var seen = new List<Incoming>();
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            var item = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (item is null)
            {
                break;
            }
            seen.Add(item);
            if (item.IsClosed)
            {
                return seen;
            }
        }
        Assert.Fail($"the daemon did not close the connection within {(timeout ?? Patience).TotalSeconds:0}s; so far:\n  {History}");
        return seen;
    }

    private volatile TaskCompletionSource? _paused;

    /// <summary>Stops reading the socket (after the read in progress): the daemon's data piles up in TCP, then in its own queue.</summary>
    public void StopReading() => _paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading() => Interlocked.Exchange(ref _paused, null)?.TrySetResult();

    private async Task PumpAsync()
    {
        var pending = Array.Empty<byte>();
        string how = "end of stream";
        try
        {
            var chunk = new byte[1 << 16];
            while (true)
            {
                if (_paused is { } paused)
                {
                    await paused.Task;
                }
                int n = await _socket.ReceiveAsync(chunk, SocketFlags.None);
                if (n == 0)
                {
                    break;
                }
                pending = [.. pending, .. chunk.AsSpan(0, n)];
                pending = Cut(pending);
            }
        }
        catch (SocketException e)
        {
            how = e.SocketErrorCode.ToString(); // e.g. ConnectionReset: closed with unread data in its buffer
        }
        catch (ObjectDisposedException)
        {
            how = "closed by the test";
        }
        Publish(Incoming.End(pending.Length == 0 ? how : $"{how}, {pending.Length} stray octets"));
        _incoming.Writer.TryComplete();
    }

    /// <summary>Publishes every whole message at the start of <paramref name="bytes"/>; returns the rest.</summary>
    private byte[] Cut(byte[] bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        while (true)
        {
            var before = sequence;
            var status = BgpFramer.TryReadFrame(ref sequence, Receiving, out var frame, out _);
            if (status != FrameStatus.Frame)
            {
                return status == FrameStatus.Error ? [] : sequence.ToArray(); // the daemon never sends a bad header
            }
            var raw = before.Slice(0, frame.Length).ToArray();
            Publish(new Incoming(frame.Type, MessageDecoder.Decode(frame, Receiving).Message, raw));
        }
    }

    private void Publish(Incoming item)
    {
        lock (_history)
        {
            _history.Add(item);
        }
        _incoming.Writer.TryWrite(item);
    }

    public async ValueTask DisposeAsync()
    {
        ResumeReading();
        _socket.Dispose();
        await _pump;
    }
}
