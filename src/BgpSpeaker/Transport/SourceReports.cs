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

    private readonly Action<IPAddress, long> _report;
    private readonly RepeatCounter<IPAddress> _counter;

    /// <param name="report">Called with a source and how many of its events were not reported yet (1 for the first of a series).</param>
    public SourceReports(Action<IPAddress, long> report, TimeProvider time)
    {
        _report = report;
        _counter = new RepeatCounter<IPAddress>(report, time, Interval);
    }

    /// <summary>Events so far, every source.</summary>
    public long Total => _counter.Total;

    public void Add(IPAddress source)
    {
        if (_counter.Add(source))
        {
            _report(source, 1);
        }
    }

    public void Dispose() => _counter.Dispose();
}
