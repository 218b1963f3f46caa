using BgpSpeaker.Daemon;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Tests.Configuration;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using Microsoft.Extensions.Time.Testing;

namespace BgpSpeaker.Tests.Daemon;

/// <summary>Connection notes are logged once per peer and reason, then as a count at most every 10 s.</summary>
public class ConnectionNotesTests
{
    private const string Idle = "refused: session is Idle";
    private const string Established = "refused: session already established (RFC 4271 §6.8)";

    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<ConnectionNotesTests> _log = new();

    [Fact]
    public void FirstRefusalIsLoggedAtOnceTheRestAsOneCountPerInterval()
    {
        using var notes = new ConnectionNotes(_log, _time);

        for (int i = 0; i < 237; i++)
        {
            notes.Add("leaf-1", $"10.255.0.1:{40000 + i}", Idle);
        }
        Assert.Equal(["neighbor leaf-1: 10.255.0.1:40000 refused: session is Idle"], _log.Lines);

        _time.Advance(ConnectionNotes.Interval);

        Assert.Equal(
            ["neighbor leaf-1: 10.255.0.1:40000 refused: session is Idle",
             "neighbor leaf-1: refused: session is Idle: 236 more since the last report (reported at most every 10 s)"],
            _log.Lines);
        Assert.Equal(237, notes.Total);
    }

    [Fact]
    public void EachPeerAndReasonHasItsOwnFirstLine()
    {
        using var notes = new ConnectionNotes(_log, _time);

        notes.Add("leaf-1", "10.255.0.1:40000", Idle);
        notes.Add("leaf-2", "10.255.1.1:40000", Idle);
        notes.Add("leaf-1", "10.255.0.1:40001", Established);
        notes.Add("leaf-1", "10.255.0.1:179", "connect failed: Connection refused");
        notes.Add("leaf-1", "10.255.0.1:179", "connect failed: Connection refused");
        notes.Add("leaf-1", "10.255.0.1:40002", Idle);

        Assert.Equal(
            ["neighbor leaf-1: 10.255.0.1:40000 refused: session is Idle",
             "neighbor leaf-2: 10.255.1.1:40000 refused: session is Idle",
             $"neighbor leaf-1: 10.255.0.1:40001 {Established}",
             "neighbor leaf-1: 10.255.0.1:179 connect failed: Connection refused"],
            _log.Lines);

        _time.Advance(ConnectionNotes.Interval);

        Assert.Equal(
            ["neighbor leaf-1: connect failed: Connection refused: 1 more since the last report (reported at most every 10 s)",
             "neighbor leaf-1: refused: session is Idle: 1 more since the last report (reported at most every 10 s)"],
            _log.Lines.Skip(4).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AReasonQuietForAnIntervalStartsANewSeriesWithAFullLine()
    {
        using var notes = new ConnectionNotes(_log, _time);

        notes.Add("leaf-1", "10.255.0.1:40000", Idle, "idle hold 8 s after 4 consecutive failure(s), 8 s left");
        notes.Add("leaf-1", "10.255.0.1:40001", Idle, "idle hold 8 s after 4 consecutive failure(s), 7 s left");
        _time.Advance(ConnectionNotes.Interval);
        _time.Advance(ConnectionNotes.Interval); // nothing new: forgotten
        notes.Add("leaf-1", "10.255.0.1:40002", Idle, "idle hold 16 s after 5 consecutive failure(s), 16 s left");

        Assert.Equal(
            ["neighbor leaf-1: 10.255.0.1:40000 refused: session is Idle (idle hold 8 s after 4 consecutive failure(s), 8 s left)",
             "neighbor leaf-1: refused: session is Idle: 1 more since the last report (reported at most every 10 s)",
             "neighbor leaf-1: 10.255.0.1:40002 refused: session is Idle (idle hold 16 s after 5 consecutive failure(s), 16 s left)"],
            _log.Lines);
    }

    /// <summary>
    /// The case: a passive peer retrying every 250 ms through a minute of idle holds. Every attempt
    /// is counted, in at most one line per 10 s (7 for the minute, not 240).
    /// </summary>
    [Fact]
    public void APeerRetryingForAMinuteGetsAtMostOneLinePerTenSeconds()
    {
        using var notes = new ConnectionNotes(_log, _time);

        for (int i = 0; i < 240; i++)
        {
            notes.Add("metallb", $"169.254.100.1:{40000 + i}", Idle);
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
        _time.Advance(ConnectionNotes.Interval);

        Assert.InRange(_log.Lines.Count, 2, 7);
        long counted = _log.Lines.Skip(1).Sum(l => long.Parse(l.Split(": ")[^1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(240, 1 + counted);
    }

    [Fact]
    public void ARefusalDuringTheIdleHoldNamesTheHoldOnceAndTheRestAreCounted()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Header + """
            neighbors:
              - {address: 169.254.100.1, remoteAs: 64512, passive: true, idleHold: {initial: 4, max: 30}}
            """);
        var fsm = new SessionFsm(NeighborMapping.Settings(config, config.Neighbors[0]));
        // The peer refuses our OPEN twice: the idle hold is 4 s, then 8 s.
        fsm.Handle(new SessionEvent.ManualStart(), _time.GetUtcNow());
        for (int i = 0; i < 2; i++)
        {
            if (fsm.IdleHoldDeadline is { } until)
            {
                _time.SetUtcNow(until);
                fsm.Tick(until);
            }
            Assert.Equal(SessionState.Active, fsm.State);
            fsm.Handle(new SessionEvent.TcpConnectionConfirmed(), _time.GetUtcNow());
            fsm.Handle(new SessionEvent.NotifMsg(new NotificationMessage(ErrorCode.Cease, CeaseSubcode.ConnectionRejected, [])), _time.GetUtcNow());
        }
        Assert.Equal((SessionState.Idle, 2), (fsm.State, fsm.ConnectRetryCounter));
        _time.Advance(TimeSpan.FromSeconds(3));
        using var notes = new ConnectionNotes(_log, _time);

        // What SpeakerService.ConnectionNote does for each refusal the runner reports.
        foreach (int port in new[] { 40000, 40001, 40002 })
        {
            notes.Add("metallb", $"169.254.100.1:{port}", Idle, ConnectionNotes.IdleHoldDetail(fsm, Idle, _time.GetUtcNow()));
        }
        _time.Advance(ConnectionNotes.Interval);

        Assert.Equal(
            ["neighbor metallb: 169.254.100.1:40000 refused: session is Idle (idle hold 8 s after 2 consecutive failure(s), 5 s left)",
             "neighbor metallb: refused: session is Idle: 2 more since the last report (reported at most every 10 s)"],
            _log.Lines);
    }

    [Fact]
    public void OnlyARefusalDuringAnIdleHoldGetsTheDetail()
    {
        var fsm = new SessionFsm(new PeerSettings { LocalAs = 65010, LocalRouterId = 0x0A00000A, RemoteAs = ExpectedAs.Of(65001) });
        Assert.Null(ConnectionNotes.IdleHoldDetail(fsm, Idle, _time.GetUtcNow())); // Idle, never started: no hold
        fsm.Handle(new SessionEvent.ManualStart(), _time.GetUtcNow());
        fsm.Handle(new SessionEvent.TcpCrAcked(), _time.GetUtcNow());
        fsm.Handle(new SessionEvent.TcpConnectionFails(), _time.GetUtcNow()); // back to Active, not counted
        Assert.Null(ConnectionNotes.IdleHoldDetail(fsm, Established, _time.GetUtcNow()));
        Assert.Null(ConnectionNotes.IdleHoldDetail(fsm, Idle, _time.GetUtcNow()));
    }
}
