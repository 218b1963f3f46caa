namespace BgpSpeaker.Transport;

/// <summary>
/// Counts repeated events per key so that a flood does not flood the log: the first event of a series
/// is for the caller to report in full (<see cref="Add"/> returns true), later ones are counted and
/// their counts reported together at most once per interval per key (a timer flushes what is left).
/// A key quiet for an interval is forgotten: its next event starts a new series.
/// </summary>
internal sealed class RepeatCounter<TKey> : IDisposable where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, Pending> _keys = [];
    private readonly Action<TKey, long> _reportCount;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ITimer _flush;

    private sealed class Pending
    {
        public long Unreported;
        public DateTimeOffset LastReport;
    }

    /// <param name="reportCount">Called with a key and how many of its events were not reported yet.</param>
    public RepeatCounter(Action<TKey, long> reportCount, TimeProvider time, TimeSpan interval)
    {
        _reportCount = reportCount;
        _time = time;
        _interval = interval;
        _flush = time.CreateTimer(_ => Flush(), null, interval, interval);
    }

    /// <summary>Events so far, every key.</summary>
    public long Total { get; private set; }

    /// <summary>Counts one event of <paramref name="key"/>.</summary>
    /// <returns>
    /// True when it starts a series (nothing reported or pending for the key in the last interval): the
    /// caller reports it now. False when it was counted; a count that was due is reported before returning.
    /// </returns>
    public bool Add(TKey key)
    {
        bool first = false;
        long? due = null;
        lock (_lock)
        {
            Total++;
            if (!_keys.TryGetValue(key, out var pending))
            {
                pending = new Pending { LastReport = DateTimeOffset.MinValue };
                _keys[key] = pending;
            }
            var now = _time.GetUtcNow();
            if (now - pending.LastReport < _interval)
            {
                pending.Unreported++;
            }
            else
            {
                // Due: this event is the first of a series, or joins the ones the timer has not flushed yet.
                first = pending.Unreported == 0;
                due = first ? null : pending.Unreported + 1;
                pending.Unreported = 0;
                pending.LastReport = now;
            }
        }
        if (due is { } count)
        {
            _reportCount(key, count);
        }
        return first;
    }

    /// <summary>Reports events that arrived after the last report of their key, and forgets quiet keys.</summary>
    private void Flush()
    {
        List<(TKey, long)> due = [];
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            List<TKey> quiet = [];
            foreach (var (key, pending) in _keys)
            {
                if (now - pending.LastReport < _interval)
                {
                    continue;
                }
                if (pending.Unreported > 0)
                {
                    due.Add((key, pending.Unreported));
                    pending.Unreported = 0;
                    pending.LastReport = now;
                }
                else
                {
                    quiet.Add(key);
                }
            }
            foreach (var key in quiet)
            {
                _keys.Remove(key);
            }
        }
        foreach (var (key, count) in due)
        {
            _reportCount(key, count);
        }
    }

    public void Dispose() => _flush.Dispose();
}
