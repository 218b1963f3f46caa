using BgpSpeaker.Platform.Linux.Netlink;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>Running totals of a <see cref="FibWriter"/>, for metrics; readable from any thread.</summary>
public sealed class FibCounters
{
    private const int ErrnoSlots = 256;
    private readonly long[] _failuresByErrno = new long[ErrnoSlots];
    internal long _installed, _deleted, _failures, _reconciliations, _dumpFailures, _malformed, _objectsCreated, _objectsDeleted, _objectFailures;

    internal FibCounters(NetlinkBatchCounters batch)
    {
        Batch = batch;
    }

    public long RoutesInstalled => Volatile.Read(ref _installed);
    public long RoutesDeleted => Volatile.Read(ref _deleted);
    public long Failures => Volatile.Read(ref _failures);
    public long Reconciliations => Volatile.Read(ref _reconciliations);
    public long DumpFailures => Volatile.Read(ref _dumpFailures);

    /// <summary>Nexthop objects (single next hops and groups) created or re-created.</summary>
    public long NexthopObjectsCreated => Volatile.Read(ref _objectsCreated);

    public long NexthopObjectsDeleted => Volatile.Read(ref _objectsDeleted);

    /// <summary>Nexthop object writes the kernel refused; the routes that needed them are counted in <see cref="Failures"/>.</summary>
    public long NexthopObjectFailures => Volatile.Read(ref _objectFailures);

    /// <summary>Kernel messages we could not decode (skipped).</summary>
    public long MalformedMessages => Volatile.Read(ref _malformed);

    /// <summary>Datagrams, requests, retries and ACK overruns of the underlying batcher.</summary>
    public NetlinkBatchCounters Batch { get; }

    /// <summary>Failures so far by errno (e.g. ENETUNREACH → 3); errnos above 255 share the last slot.</summary>
    public IReadOnlyDictionary<int, long> FailuresByErrno()
    {
        var result = new Dictionary<int, long>();
        for (int errno = 0; errno < ErrnoSlots; errno++)
        {
            long count = Volatile.Read(ref _failuresByErrno[errno]);
            if (count != 0)
            {
                result[errno] = count;
            }
        }
        return result;
    }

    internal void RecordFailure(NetlinkError error)
    {
        Interlocked.Increment(ref _failures);
        Interlocked.Increment(ref _failuresByErrno[Math.Clamp(error.Errno, 0, ErrnoSlots - 1)]);
    }
}
