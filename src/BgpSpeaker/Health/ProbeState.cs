namespace BgpSpeaker.Health;

/// <summary>Where a probe stands: not yet decided, up after Rise successes in a row, down after Fall failures in a row.</summary>
public enum ProbeVerdict
{
    Starting,
    Up,
    Down,
}

/// <summary>One probe's rise/fall bookkeeping (pure: results in, verdict out).</summary>
public sealed class ProbeState(int rise, int fall)
{
    public ProbeVerdict Verdict { get; private set; } = ProbeVerdict.Starting;

    /// <summary>Successes (positive) or failures (negative) in a row.</summary>
    public int Streak { get; private set; }

    public string LastResult { get; private set; } = "not run yet";

    public DateTimeOffset? LastChecked { get; private set; }

    /// <summary>Records one result; true when the verdict changed.</summary>
    public bool Record(bool ok, string result, DateTimeOffset at)
    {
        Streak = ok ? Math.Max(Streak, 0) + 1 : Math.Min(Streak, 0) - 1;
        (LastResult, LastChecked) = (result, at);
        var next = ok && Streak >= rise ? ProbeVerdict.Up
            : !ok && -Streak >= fall ? ProbeVerdict.Down
            : Verdict;
        // A probe that has never risen and fails is down at once: nothing was announced on its word yet.
        if (Verdict == ProbeVerdict.Starting && !ok)
        {
            next = ProbeVerdict.Down;
        }
        bool changed = next != Verdict;
        Verdict = next;
        return changed;
    }
}
