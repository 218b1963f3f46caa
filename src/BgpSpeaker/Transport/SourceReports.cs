using System.Net;

namespace BgpSpeaker.Transport;

/// <summary>
/// Reports events per source address without letting a flood flood the log: the first event of a
/// source is reported at once, later ones are counted and reported together at most once per
/// <see cref="Interval"/> (a timer flushes what is left). Sources quiet for an interval are forgotten.
/// </summary>
internal sealed class SourceReports : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Pending> _sources = [];
    private readonly Action<IPAddress, long> _report;
    private readonly TimeProvider _time;
    private readonly ITimer _flush;

    private sealed class Pending
    {
        public long Unreported;
        public DateTimeOffset LastReport;
    }

    /// <param name="report">Called with a source and how many of its events were not reported yet.</param>
    public SourceReports(Action<IPAddress, long> report, TimeProvider time)
    {
        _report = report;
        _time = time;
        _flush = time.CreateTimer(_ => Flush(), null, Interval, Interval);
    }

    /// <summary>Events so far, every source.</summary>
    public long Total { get; private set; }

    public void Add(IPAddress source)
    {
        long? reportNow = null;
        lock (_lock)
        {
            Total++;
            var pending = _sources.TryGetValue(source, out var p) ? p : _sources[source] = new Pending { LastReport = DateTimeOffset.MinValue };
            pending.Unreported++;
            var now = _time.GetUtcNow();
            if (now - pending.LastReport >= Interval)
            {
                reportNow = pending.Unreported; // the first of a series is reported at once
                pending.Unreported = 0;
                pending.LastReport = now;
            }
        }
        if (reportNow is { } count)
        {
            _report(source, count);
        }
    }

    /// <summary>Reports events that arrived after the last report of their source.</summary>
    private void Flush()
    {
        List<(IPAddress, long)> due = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var (source, pending) in _sources)
            {
                if (pending.Unreported > 0 && now - pending.LastReport >= Interval)
                {
                    due.Add((source, pending.Unreported));
                    pending.Unreported = 0;
                    pending.LastReport = now;
                }
            }
            foreach (var source in _sources.Where(e => e.Value.Unreported == 0 && now - e.Value.LastReport >= Interval).Select(e => e.Key).ToList())
            {
                _sources.Remove(source);
            }
        }
        foreach (var (source, count) in due)
        {
            _report(source, count);
        }
    }

    public void Dispose() => _flush.Dispose();
}
