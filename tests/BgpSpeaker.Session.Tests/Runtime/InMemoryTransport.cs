using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using BgpSpeaker.Session.Transport;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Tests.Runtime;

/// <summary>One end of an in-memory connection.</summary>
internal sealed class InMemoryTransport(PipeReader input, PipeWriter output, string remote) : IBgpTransport
{
    public PipeReader Input { get; } = input;
    public PipeWriter Output { get; } = output;
    public string RemoteEndPoint { get; } = remote;
    public IPAddress? LocalAddress => IPAddress.Parse("192.0.2.1");
    public bool Disposed { get; private set; }

    public async ValueTask DisposeAsync()
    {
        Disposed = true;
        await Input.CompleteAsync();
        await Output.CompleteAsync();
    }

    /// <summary>Our end and the scripted peer's end of one connection.</summary>
    public static (InMemoryTransport Ours, ScriptedPeer Peer) Pair(string name = "peer")
    {
        var toUs = new Pipe();
        var toPeer = new Pipe();
        return (new InMemoryTransport(toUs.Reader, toPeer.Writer, name), new ScriptedPeer(toPeer.Reader, toUs.Writer));
    }
}

/// <summary>The far end, driven by a test: sends messages or raw bytes and reads what we sent.</summary>
internal sealed class ScriptedPeer(PipeReader input, PipeWriter output)
{
    public CodecContext Context { get; set; } = CodecContext.Initial;

    public async Task SendAsync(BgpMessage message)
    {
        MessageEncoder.Write(output, message, Context);
        await output.FlushAsync();
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await output.WriteAsync(bytes);
    }

    public Task CloseAsync() => output.CompleteAsync().AsTask();

    /// <summary>The next message we sent, or null when we closed the connection.</summary>
    public async Task<BgpMessage?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await input.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            if (BgpFramer.TryReadFrame(ref buffer, CodecContext.Initial with { MaxMessageSize = CodecContext.ExtendedMaxMessageSize }, out var frame, out var error) == FrameStatus.Frame)
            {
                var decoded = MessageDecoder.Decode(frame, Context);
                input.AdvanceTo(buffer.Start);
                return decoded.Message ?? throw new InvalidOperationException($"we sent a malformed message: {decoded.Error}");
            }
            if (error is not null)
            {
                throw new InvalidOperationException($"we sent a bad header: {error}");
            }
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>The next message other than a KEEPALIVE (timers keep sending those), or null when closed.</summary>
    public async Task<BgpMessage?> ReceiveSkippingKeepalivesAsync()
    {
        BgpMessage? message;
        while ((message = await ReceiveAsync()) is KeepaliveMessage)
        {
        }
        return message;
    }

    public async Task<T> ExpectAsync<T>() where T : BgpMessage
    {
        var message = await ReceiveAsync();
        return Assert.IsType<T>(message);
    }
}
