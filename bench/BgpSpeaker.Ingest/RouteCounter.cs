using System.Diagnostics;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The sink's table: which prefixes the receiver has advertised and not withdrawn, and when that
/// count first reached a target. A set, not a running sum, so a repeated advertisement counts once.
/// IPv4 and IPv6 prefixes are counted together, each family in a set of its own (the IPv4 one keyed by a
/// 64-bit word, as cheap to keep up as before the IPv6 part existed).
/// </summary>
internal sealed class RouteCounter(int ipv4Capacity, int ipv6Capacity)
{
    private static readonly CodecContext Context = new() { FourOctetAs = true, MaxMessageSize = CodecContext.ExtendedMaxMessageSize };

    private readonly HashSet<ulong> _ipv4 = new(ipv4Capacity);
    private readonly HashSet<(UInt128 Bits, byte Length)> _ipv6 = new(ipv6Capacity);
    private readonly Lock _lock = new();
    private (int Count, TaskCompletionSource<long> Reached)? _waiter;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return Held;
            }
        }
    }

    public int Updates { get; private set; }

    /// <summary>Completes with <see cref="Stopwatch.GetTimestamp"/> of the UPDATE that made the count <paramref name="count"/>.</summary>
    public Task<long> WhenCountAsync(int count)
    {
        lock (_lock)
        {
            var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Held == count)
            {
                reached.SetResult(Stopwatch.GetTimestamp());
            }
            else
            {
                _waiter = (count, reached);
            }
            return reached.Task;
        }
    }

    public void OnUpdate(ReadOnlyMemory<byte> body)
    {
        if (MessageDecoder.Decode(MessageType.Update, body, Context).Message is not UpdateMessage update)
        {
            throw new InvalidDataException("the receiver sent an UPDATE the codec rejects");
        }
        lock (_lock)
        {
            Updates++;
            foreach (var entry in update.Withdrawn)
            {
                Remove(entry.Prefix);
            }
            foreach (var entry in update.MpUnreach?.Withdrawn ?? NlriBlock.Empty(AfiSafi.Ipv4Unicast))
            {
                Remove(entry.Prefix);
            }
            foreach (var entry in update.Nlri)
            {
                Add(entry.Prefix);
            }
            foreach (var entry in update.MpReach?.Nlri ?? NlriBlock.Empty(AfiSafi.Ipv4Unicast))
            {
                Add(entry.Prefix);
            }
            if (_waiter is { } waiter && Held == waiter.Count)
            {
                waiter.Reached.TrySetResult(Stopwatch.GetTimestamp());
                _waiter = null;
            }
        }
    }

    /// <summary>Under the lock: prefixes of both families.</summary>
    private int Held => _ipv4.Count + _ipv6.Count;

    private void Add(Prefix prefix) => _ = prefix.Afi == Afi.Ipv4 ? _ipv4.Add(Key(prefix)) : _ipv6.Add((prefix.Bits, prefix.Length));

    private void Remove(Prefix prefix) => _ = prefix.Afi == Afi.Ipv4 ? _ipv4.Remove(Key(prefix)) : _ipv6.Remove((prefix.Bits, prefix.Length));

    private static ulong Key(Prefix prefix) => ((ulong)(uint)prefix.Bits << 8) | prefix.Length;
}
