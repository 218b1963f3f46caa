namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// Sends many requests with few syscalls: messages are packed into datagrams of up to
/// <see cref="NetlinkBatchOptions.MaxBatchBytes"/>, and each answer is matched to its request by
/// sequence number. rtnetlink processes a datagram inside our send call, so when send returns every
/// answer is already queued (or was dropped, which the next receive reports as ENOBUFS): the queue is
/// drained without waiting.
/// <code>
///  send [req s..s+n-1 (ACK on the last, or on each)]
///  drain: ERROR(seq s+k, -errno) for failures … ERROR(seq s+n-1, 0) ─► unresolved ones = success
///  transient errno or unknown outcome ─► retried after a back-off, at most MaxAttempts tries
/// </code>
/// </summary>
public sealed partial class NetlinkBatcher
{
    private readonly NetlinkSocket _socket;
    private readonly NetlinkBatchOptions _options;
    private readonly NetlinkWriter _writer;
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];
    private readonly int _maxMessagesPerBatch;
    private readonly List<int> _batch = [];
    private readonly List<int> _offsets = [];
    private readonly List<uint> _sequences = [];
    private NetlinkError?[] _outcomes = new NetlinkError?[256];
    private bool[] _answered = new bool[256];

    public NetlinkBatcher(NetlinkSocket socket, NetlinkBatchOptions? options = null)
    {
        _socket = socket;
        _options = options ?? new NetlinkBatchOptions();
        _writer = new NetlinkWriter(_options.MaxBatchBytes + 4096);
        // Each ACK datagram costs about 1 KiB of receive buffer; stay well inside it so none are dropped.
        _maxMessagesPerBatch = _options.AckMode == AckMode.EveryMessage ? Math.Max(16, socket.ReceiveBufferBytes / 2048) : int.MaxValue;
    }

    public NetlinkBatchCounters Counters { get; } = new();

    /// <summary>Sends every request of <paramref name="source"/>; each gets exactly one <see cref="INetlinkRequestSource.Complete"/>.</summary>
    public void Execute(INetlinkRequestSource source, CancellationToken cancellationToken = default)
    {
        var attempts = new Dictionary<int, int>();
        var retry = new Queue<int>();
        int next = 0, round = 0;
        while (next < source.Count || retry.Count > 0)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                FailRemaining(source, retry, next, new NetlinkError(Errno.EINTR, "cancelled"));
                return;
            }
            if (next >= source.Count)
            {
                // Only retries are left: give the kernel a moment to recover before trying again.
                Thread.Sleep(Backoff(round++));
            }
            FillBatch(source, retry, ref next);
            var sendError = SendBatch();
            Resolve(source, sendError, attempts, retry);
        }
    }

    private void FillBatch(INetlinkRequestSource source, Queue<int> retry, ref int next)
    {
        _writer.Clear();
        _batch.Clear();
        _offsets.Clear();
        _sequences.Clear();
        while (_batch.Count < _maxMessagesPerBatch)
        {
            bool fromRetry = retry.Count > 0;
            if (!fromRetry && next >= source.Count)
            {
                break;
            }
            int index = fromRetry ? retry.Peek() : next;
            int start = _writer.Length;
            uint sequence = _socket.NextSequence();
            source.Encode(index, _writer, sequence);
            if (_writer.Length > _options.MaxBatchBytes && _batch.Count > 0)
            {
                _writer.Truncate(start);
                break;
            }
            _ = fromRetry ? retry.Dequeue() : next++;
            _batch.Add(index);
            _offsets.Add(start);
            _sequences.Add(sequence);
        }
        for (int i = 0; i < _batch.Count; i++)
        {
            if (_options.AckMode == AckMode.EveryMessage || i == _batch.Count - 1)
            {
                NetlinkHeader.AddFlags(_writer.Region(_offsets[i], NetlinkHeader.Size), NetlinkFlags.Ack);
            }
        }
        Interlocked.Add(ref Counters._requests, _batch.Count);
    }

    /// <summary>Sends the batch (retrying the whole datagram on a transient send error); returns 0 or an errno.</summary>
    private int SendBatch()
    {
        for (int attempt = 0; ; attempt++)
        {
            Interlocked.Increment(ref Counters._datagrams);
            int errno = _socket.Send(_writer.WrittenSpan);
            if (errno == 0 || !Errno.IsTransient(errno) || attempt + 1 >= _options.MaxAttempts)
            {
                return errno;
            }
            Thread.Sleep(Backoff(attempt));
        }
    }

    private int Backoff(int round) =>
        (int)Math.Min((long)_options.FirstBackoffMilliseconds << Math.Min(round, 16), _options.MaxBackoffMilliseconds);

    private static void FailRemaining(INetlinkRequestSource source, Queue<int> retry, int next, NetlinkError error)
    {
        while (retry.Count > 0)
        {
            source.Complete(retry.Dequeue(), error);
        }
        for (int i = next; i < source.Count; i++)
        {
            source.Complete(i, error);
        }
    }
}
