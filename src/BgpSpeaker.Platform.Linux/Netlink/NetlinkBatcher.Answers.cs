namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>Matching the kernel's answers to the batch just sent.</summary>
public sealed partial class NetlinkBatcher
{
    private void Resolve(INetlinkRequestSource source, int sendError, Dictionary<int, int> attempts, Queue<int> retry)
    {
        int count = _batch.Count;
        if (sendError != 0)
        {
            foreach (int index in _batch)
            {
                source.Complete(index, new NetlinkError(sendError, "send failed"));
            }
            return;
        }
        PrepareAnswers(count);
        bool overrun = DrainAnswers();
        // Without an overrun, the last request's answer means every request before it was handled,
        // and the kernel answers every failure: the unanswered ones succeeded.
        bool silenceMeansSuccess = _options.AckMode == AckMode.LastInBatch && _answered[count - 1] && !overrun;
        for (int position = 0; position < count; position++)
        {
            int index = _batch[position];
            if (!_answered[position])
            {
                if (silenceMeansSuccess)
                {
                    source.Complete(index, null);
                }
                else
                {
                    RetryOrFail(source, index, new NetlinkError(Errno.ETIMEDOUT, "no answer from the kernel (receive queue overflowed)"), attempts, retry);
                }
            }
            else if (_outcomes[position] is not { } error)
            {
                source.Complete(index, null);
            }
            else if (Errno.IsTransient(error.Errno))
            {
                RetryOrFail(source, index, error, attempts, retry);
            }
            else
            {
                source.Complete(index, error);
            }
        }
    }

    /// <summary>Reads every queued answer without waiting; returns true when the kernel reported ENOBUFS (answers lost).</summary>
    private bool DrainAnswers()
    {
        bool overrun = false;
        while (true)
        {
            var received = _socket.Receive(_receiveBuffer, wait: false);
            if (received.Errno == Errno.ENOBUFS)
            {
                overrun = true;
                Interlocked.Increment(ref Counters._ackOverruns);
                continue;
            }
            if (!received.IsSuccess)
            {
                return overrun; // EAGAIN: the queue is empty, everything the kernel said has been read
            }
            if (received.Truncated)
            {
                Interlocked.Increment(ref Counters._malformed);
            }
            var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, received.Length));
            while (reader.TryRead(out var message))
            {
                RecordAnswer(message);
            }
            if (reader.Malformed)
            {
                Interlocked.Increment(ref Counters._malformed);
            }
        }
    }

    private void RecordAnswer(in NetlinkMessage message)
    {
        if (message.Header.Type != NetlinkMessageType.Error)
        {
            Interlocked.Increment(ref Counters._unexpected);
            return;
        }
        if (!NetlinkAck.TryDecode(message, out var ack))
        {
            Interlocked.Increment(ref Counters._malformed);
            return;
        }
        int position = PositionOf(ack.Sequence);
        if (position < 0)
        {
            Interlocked.Increment(ref Counters._unexpected);
            return;
        }
        _answered[position] = true;
        _outcomes[position] = ack.IsSuccess ? null : ack.Error;
    }

    /// <summary>Sequence numbers in a batch are consecutive except where the counter wrapped.</summary>
    private int PositionOf(uint sequence)
    {
        uint offset = sequence - _sequences[0];
        if (offset < (uint)_sequences.Count && _sequences[(int)offset] == sequence)
        {
            return (int)offset;
        }
        return _sequences.IndexOf(sequence);
    }

    private void PrepareAnswers(int count)
    {
        if (_answered.Length < count)
        {
            _answered = new bool[count * 2];
            _outcomes = new NetlinkError?[count * 2];
        }
        Array.Clear(_answered, 0, count);
        Array.Clear(_outcomes, 0, count);
    }

    private void RetryOrFail(INetlinkRequestSource source, int index, NetlinkError error, Dictionary<int, int> attempts, Queue<int> retry)
    {
        int tried = attempts.GetValueOrDefault(index, 1);
        if (tried >= _options.MaxAttempts)
        {
            attempts.Remove(index);
            source.Complete(index, error);
            return;
        }
        attempts[index] = tried + 1;
        retry.Enqueue(index);
        Interlocked.Increment(ref Counters._retries);
    }
}
