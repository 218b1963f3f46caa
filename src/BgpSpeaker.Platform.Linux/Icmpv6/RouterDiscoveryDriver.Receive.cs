using System.Net.Sockets;
using BgpSpeaker.Platform.Linux.Icmpv6.Codec;

namespace BgpSpeaker.Platform.Linux.Icmpv6;

/// <summary>The receive loop: checks and decodes packets off the socket, then hands them to the driver loop.</summary>
public sealed partial class RouterDiscoveryDriver
{
    private static readonly TimeSpan ReceiveErrorPause = TimeSpan.FromMilliseconds(100);

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536]; // a whole ICMPv6 packet always fits, so nothing is truncated
        while (!cancellationToken.IsCancellationRequested)
        {
            ReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                result = new ReceiveResult(null, new SocketResult(e.NativeErrorCode, e.Message));
            }
            if (result.Packet is { } packet)
            {
                Accept(packet, buffer.AsSpan(0, packet.Length));
                continue;
            }
            // A failing socket must not spin the CPU; keep listening at a calm pace.
            Interlocked.Increment(ref _counters.ReceiveFailures);
            await Task.Delay(ReceiveErrorPause, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Accept(ReceivedPacket packet, ReadOnlySpan<byte> payload)
    {
        // RFC 4861 §6.1: a hop limit below 255 means the packet crossed a router; it is not from this link.
        if (packet.HopLimit != RouterDiscoverySocket.RequiredHopLimit)
        {
            Interlocked.Increment(ref _counters.WrongHopLimitDropped);
            return;
        }
        var decoded = NdCodec.Decode(payload);
        string? problem = decoded.Error?.Describe();
        // RFC 4861 §6.1.2: an RA must come from a link-local address.
        if (problem is null && decoded.Message is RouterAdvertisement && !packet.Source.IsIPv6LinkLocal)
        {
            problem = "Router Advertisement from a non-link-local address";
        }
        if (problem is not null || decoded.Message is null)
        {
            Interlocked.Increment(ref _counters.MalformedDropped);
            _lastMalformed = $"from {packet.Source} on interface {packet.InterfaceIndex}: {problem}";
            return;
        }
        _inputs.Writer.TryWrite(new PacketInput(packet, decoded.Message));
    }
}
