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

    public static readonly TimeSpan ReportInterval = SourceReports.Interval;

    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _open = [];
    private readonly SourceReports _refused;

    /// <param name="report">Called with a source and the refusals not yet reported for it.</param>
    public PendingInbound(Action<IPAddress, long> report, TimeProvider time) => _refused = new SourceReports(report, time);

    /// <summary>All refusals so far, for every source.</summary>
    public long TotalRefused => _refused.Total;

    /// <summary>Counts one more pending connection from <paramref name="source"/>, or returns null when it already has <see cref="MaxPerSource"/>.</summary>
    public Lease? TryAdmit(IPAddress source)
    {
        source = Normalize(source);
        lock (_lock)
        {
            int open = _open.GetValueOrDefault(source);
            if (open < MaxPerSource)
            {
                _open[source] = open + 1;
                return new Lease(this, source);
            }
        }
        _refused.Add(source);
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

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public void Dispose() => _refused.Dispose();

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
