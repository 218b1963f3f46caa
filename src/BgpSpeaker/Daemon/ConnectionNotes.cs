using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Transport;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>
/// Logs connection notes (a peer's connection refused or closed outside the FSM, ours refused or closed
/// by the peer) per peer and reason: the first at once, with the remote end and any detail, repeats as
/// one count per peer and reason at most every <see cref="Interval"/>. A passive peer that retries
/// every second or two while its session sits out the idle hold would otherwise log every attempt.
/// </summary>
internal sealed class ConnectionNotes : IDisposable
{
    public static readonly TimeSpan Interval = SourceReports.Interval;

    /// <summary>The runner's note for a connection from the peer while the session is Idle.</summary>
    private const string RefusedWhileIdle = "refused: session is Idle";

    private readonly ILogger _logger;
    private readonly RepeatCounter<(string Peer, string What)> _repeats;

    public ConnectionNotes(ILogger logger, TimeProvider time)
    {
        _logger = logger;
        _repeats = new RepeatCounter<(string Peer, string What)>(
            (key, count) => SessionLog.ConnectionNoteRepeated(logger, key.Peer, key.What, count), time, Interval);
    }

    /// <summary>Notes so far, every peer and reason.</summary>
    public long Total => _repeats.Total;

    /// <param name="what">The reason, which identifies the series ("refused: session is Idle").</param>
    /// <param name="detail">Appended to the first line of a series only, e.g. how long the idle hold lasts.</param>
    public void Add(string peer, string remote, string what, string? detail = null)
    {
        if (_repeats.Add((peer, what)))
        {
            SessionLog.ConnectionNote(_logger, peer, remote, detail is null ? what : $"{what} ({detail})");
        }
    }

    /// <summary>
    /// For a refusal while the session sits out its idle hold: the hold, the failures behind it and the
    /// time left ("idle hold 8 s after 4 consecutive failure(s), 5 s left"); null for any other note.
    /// </summary>
    public static string? IdleHoldDetail(SessionFsm fsm, string what, DateTimeOffset now)
    {
        if (!what.StartsWith(RefusedWhileIdle, StringComparison.Ordinal) || fsm.State != SessionState.Idle
            || fsm.IdleHoldDeadline is not { } until || fsm.ConnectRetryCounter == 0)
        {
            return null;
        }
        double left = Math.Max(0, Math.Ceiling((until - now).TotalSeconds));
        return $"idle hold {fsm.BackOffIdleHoldTime.TotalSeconds} s after {fsm.ConnectRetryCounter} consecutive failure(s), {left} s left";
    }

    public void Dispose() => _repeats.Dispose();
}
