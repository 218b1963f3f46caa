using BgpSpeaker.Health;

namespace BgpSpeaker.Tests.Health;

public class ProbeStateTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void AProbeRisesAfterRiseSuccessesAndFallsAfterFallFailures()
    {
        var state = new ProbeState(rise: 2, fall: 3);
        Assert.Equal(ProbeVerdict.Starting, state.Verdict);
        Assert.False(state.Record(true, "200", At));
        Assert.True(state.Record(true, "200", At));
        Assert.Equal(ProbeVerdict.Up, state.Verdict);

        Assert.False(state.Record(false, "503", At));
        Assert.False(state.Record(false, "503", At));
        Assert.Equal((ProbeVerdict.Up, -2), (state.Verdict, state.Streak));
        Assert.True(state.Record(false, "503", At));
        Assert.Equal((ProbeVerdict.Down, "503"), (state.Verdict, state.LastResult));

        Assert.False(state.Record(true, "200", At)); // one success is not a rise
        Assert.False(state.Record(false, "503", At));
        Assert.Equal(-1, state.Streak);
        Assert.False(state.Record(true, "200", At));
        Assert.True(state.Record(true, "200", At));
        Assert.Equal(ProbeVerdict.Up, state.Verdict);
    }

    [Fact]
    public void AProbeThatFailsBeforeItEverRoseIsDownAtOnce()
    {
        var state = new ProbeState(rise: 2, fall: 3);
        Assert.True(state.Record(false, "connection refused", At));
        Assert.Equal(ProbeVerdict.Down, state.Verdict);
    }
}
