using System.Diagnostics;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The sink's table: which prefixes the receiver has advertised and not withdrawn, and when that
/// count first reached a target. A set, not a running sum, so a repeated advertisement counts once.
/// </summary>
internal sealed class RouteCounter(int capacity)
{
    private static readonly CodecContext Context = new() { FourOctetAs = true, MaxMessageSize = CodecContext.ExtendedMaxMessageSize };

    private readonly HashSet<ulong> _routes = new(capacity);
    private readonly Lock _lock = new();
    private (int Count, TaskCompletionSource<long> Reached)? _waiter;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _routes.Count;
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
            if (_routes.Count == count)
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
                _routes.Remove(Key(entry.Prefix));
            }
            foreach (var entry in update.MpUnreach?.Withdrawn ?? NlriBlock.Empty(AfiSafi.Ipv4Unicast))
            {
                _routes.Remove(Key(entry.Prefix));
            }
            foreach (var entry in update.Nlri)
            {
                _routes.Add(Key(entry.Prefix));
            }
            foreach (var entry in update.MpReach?.Nlri ?? NlriBlock.Empty(AfiSafi.Ipv4Unicast))
            {
                _routes.Add(Key(entry.Prefix));
            }
            if (_waiter is { } waiter && _routes.Count == waiter.Count)
            {
                waiter.Reached.TrySetResult(Stopwatch.GetTimestamp());
                _waiter = null;
            }
        }
    }

    private static ulong Key(Prefix prefix) => ((ulong)(uint)prefix.Bits << 8) | prefix.Length;
}
