namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>A list of requests the batcher sends; each index is encoded on demand and told its outcome once.</summary>
public interface INetlinkRequestSource
{
    int Count { get; }

    /// <summary>Writes request <paramref name="index"/> as exactly one message with <paramref name="sequence"/> (no NLM_F_ACK: the batcher sets it).</summary>
    void Encode(int index, NetlinkWriter writer, uint sequence);

    /// <summary>The final outcome of request <paramref name="index"/>: null for success.</summary>
    void Complete(int index, NetlinkError? failure);
}

/// <summary>How requests are acknowledged. The kernel always answers a failed request; the choice is about successes.</summary>
public enum AckMode
{
    /// <summary>NLM_F_ACK on every message: one ACK datagram per request.</summary>
    EveryMessage,

    /// <summary>
    /// NLM_F_ACK on the last message of each datagram only. rtnetlink handles a datagram's messages in
    /// order, in our send call, and answers every failure, so when the last one's ACK arrives with no
    /// error for a sequence number before it, that request succeeded. Far fewer receive calls.
    /// </summary>
    LastInBatch,
}

/// <summary>Batch size and retry limits.</summary>
/// <param name="MaxBatchBytes">Upper bound of one datagram (several requests).</param>
/// <param name="MaxAttempts">Tries per request for transient errors (ENOBUFS, EAGAIN, ENOMEM, EBUSY) and lost ACKs.</param>
/// <param name="FirstBackoffMilliseconds">Pause before the first retry; doubles each round up to <paramref name="MaxBackoffMilliseconds"/>.</param>
public sealed record NetlinkBatchOptions(
    int MaxBatchBytes = 64 * 1024,
    AckMode AckMode = AckMode.LastInBatch,
    int MaxAttempts = 6,
    int FirstBackoffMilliseconds = 1,
    int MaxBackoffMilliseconds = 100);

/// <summary>Running totals of one batcher (read them from any thread).</summary>
public sealed class NetlinkBatchCounters
{
    internal long _datagrams, _requests, _retries, _ackOverruns, _unexpected, _malformed;

    public long Datagrams => Volatile.Read(ref _datagrams);
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Requests sent again after a transient error or a lost ACK.</summary>
    public long Retries => Volatile.Read(ref _retries);

    /// <summary>Times our receive queue overflowed (ENOBUFS) while ACKs were coming in.</summary>
    public long AckOverruns => Volatile.Read(ref _ackOverruns);

    /// <summary>Answers whose sequence number matched no outstanding request.</summary>
    public long UnexpectedAnswers => Volatile.Read(ref _unexpected);

    public long Malformed => Volatile.Read(ref _malformed);
}
