using System.Diagnostics;

namespace BgpSpeaker.FibBench;

/// <summary>Times the last measured step; the scenario methods stay plain.</summary>
internal static class Timed
{
    public static TimeSpan Last { get; private set; }

    public static T Run<T>(Func<T> step)
    {
        var clock = Stopwatch.StartNew();
        var result = step();
        Last = clock.Elapsed;
        return result;
    }
}
