using System.Net;

namespace BgpSpeaker.Transport;

/// <summary>
/// Counts inbound connections per source address that are open but carry no Established session yet,
/// and caps them: a flood of connection attempts from one address costs a refused accept each, never
/// a descriptor, a buffer or a queue slot that it could hold on to.
/// </summary>
/// <remarks>Refusals are reported per source at most once per <see cref="ReportInterval"/>, so a flood does not flood the log.</remarks>
internal sealed class PendingInbound : IDisposable
{
    /// <summary>
    /// A well-behaved peer needs two at once: its current attempt and, during a collision (RFC 4271
    /// §6.8), a second one until the BGP identifiers decide. Two more leave room for a reconnect that
    /// races the close of the previous attempt.
    /// </summary>
    public const int MaxPerSource = 4;

    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _open = [];
    private readonly Dictionary<IPAddress, Refusals> _refused = [];
    private readonly Action<IPAddress, long> _report;
    private readonly TimeProvider _time;
    private readonly ITimer _flush;

    private sealed class Refusals
    {
        public long Unreported;
        public DateTimeOffset LastReport;
    }

    /// <param name="report">Called with a source and the refusals not yet reported for it.</param>
    public PendingInbound(Action<IPAddress, long> report, TimeProvider time)
    {
        _report = report;
        _time = time;
        _flush = time.CreateTimer(_ => Flush(), null, ReportInterval, ReportInterval);
    }

    /// <summary>All refusals so far, for every source.</summary>
    public long TotalRefused { get; private set; }

    /// <summary>Counts one more pending connection from <paramref name="source"/>, or returns null when it already has <see cref="MaxPerSource"/>.</summary>
    public Lease? TryAdmit(IPAddress source)
    {
        source = Normalize(source);
        long? reportNow = null;
        lock (_lock)
        {
            int open = _open.GetValueOrDefault(source);
            if (open < MaxPerSource)
            {
                _open[source] = open + 1;
                return new Lease(this, source);
            }
            TotalRefused++;
            var refusals = _refused.TryGetValue(source, out var r) ? r : _refused[source] = new Refusals { LastReport = DateTimeOffset.MinValue };
            refusals.Unreported++;
            var now = _time.GetUtcNow();
            if (now - refusals.LastReport >= ReportInterval)
            {
                reportNow = refusals.Unreported; // the first of a series is reported at once
                refusals.Unreported = 0;
                refusals.LastReport = now;
            }
        }
        if (reportNow is { } count)
        {
            _report(source, count);
        }
        return null;
    }

    /// <summary>Open pending connections from <paramref name="source"/> (tests, diagnostics).</summary>
    public int OpenFrom(IPAddress source)
    {
        lock (_lock)
        {
            return _open.GetValueOrDefault(Normalize(source));
        }
    }

    private void Release(IPAddress source)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(source, out int open) && open > 1)
            {
                _open[source] = open - 1;
            }
            else
            {
                _open.Remove(source);
            }
        }
    }

    /// <summary>Reports refusals that arrived after the last report of their source.</summary>
    private void Flush()
    {
        List<(IPAddress, long)> due = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var (source, refusals) in _refused)
            {
                if (refusals.Unreported > 0 && now - refusals.LastReport >= ReportInterval)
                {
                    due.Add((source, refusals.Unreported));
                    refusals.Unreported = 0;
                    refusals.LastReport = now;
                }
            }
            // Sources quiet for a whole interval are forgotten; their next refusal is reported at once.
            foreach (var source in _refused.Where(e => e.Value.Unreported == 0 && now - e.Value.LastReport >= ReportInterval).Select(e => e.Key).ToList())
            {
                _refused.Remove(source);
            }
        }
        foreach (var (source, count) in due)
        {
            _report(source, count);
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public void Dispose() => _flush.Dispose();

    /// <summary>One counted connection; released once, when it closes or its session is Established.</summary>
    internal sealed class Lease(PendingInbound owner, IPAddress source)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(source);
            }
        }
    }
}
