using BgpSpeaker.Daemon.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BgpSpeaker.Tests.Daemon;

public sealed class LineLoggerTests : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 19, 0, 0, 123, TimeSpan.FromHours(2)));

    public void Dispose() => _output.Dispose();

    private ILogger Logger(string category) => new LineLoggerProvider(_output, _time).CreateLogger(category);

    [Fact]
    public void OneLineWithUtcTimeLevelCategoryAndEventId()
    {
        Logger("BgpSpeaker.Daemon.SpeakerService").Log(LogLevel.Warning, new EventId(1107, "LocalPeerFull"), "a\nb", null, (s, _) => s);

        Assert.Equal("2026-12-05T17:00:00.123 warn: BgpSpeaker.Daemon.SpeakerService[1107] a b\n", _output.ToString());
    }

    [Theory]
    [InlineData(LogLevel.Trace, "trce")]
    [InlineData(LogLevel.Debug, "dbug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Error, "fail")]
    [InlineData(LogLevel.Critical, "crit")]
    public void LevelsAreFourLetters(LogLevel level, string text)
    {
        Logger("c").Log(level, new EventId(1), "m", null, (s, _) => s);

        Assert.Equal($"2026-12-05T17:00:00.123 {text}: c[1] m\n", _output.ToString());
    }

    [Fact]
    public void ExceptionFollowsOnTheSameLine()
    {
        var failure = new InvalidOperationException("bad\nstate");
        Logger("c").Log(LogLevel.Critical, new EventId(1002), "the daemon stopped", failure, (s, _) => s);

        string line = _output.ToString();
        Assert.StartsWith("2026-12-05T17:00:00.123 crit: c[1002] the daemon stopped System.InvalidOperationException: bad state", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Count(c => c == '\n'));
    }

    [Fact]
    public void NoneIsNeverWritten()
    {
        var logger = Logger("c");
        logger.Log(LogLevel.None, new EventId(1), "m", null, (s, _) => s);

        Assert.False(logger.IsEnabled(LogLevel.None));
        Assert.Equal("", _output.ToString());
    }
}
