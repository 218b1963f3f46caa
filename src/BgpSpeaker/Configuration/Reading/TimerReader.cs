namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Timer keys as written at one level (the global <c>timers</c> mapping or a neighbor), and their
/// resolution against the level above: a level that sets holdTime but not keepalive gets holdTime/3,
/// not the inherited keepalive, so that "holdTime: 9" alone is valid.
/// </summary>
internal readonly record struct TimerSettings(
    TimeSpan? HoldTime,
    TimeSpan? Keepalive,
    ConfigValue? KeepaliveAt,
    TimeSpan? ConnectRetry,
    bool HadErrors);

internal static class TimerReader
{
    public static readonly string[] Keys = ["holdTime", "keepalive", "connectRetry"];

    public static TimerSettings Read(MappingReader mapping)
    {
        int before = mapping.Errors.Count;
        var keepaliveAt = mapping.Scalar("keepalive");
        return new TimerSettings(
            mapping.Get("holdTime", ScalarParser.HoldTime),
            keepaliveAt is { } k ? ScalarParser.Seconds(k, mapping.Errors, 0, ushort.MaxValue) : null,
            keepaliveAt,
            mapping.Get("connectRetry", (v, e) => ScalarParser.Seconds(v, e, 1, ushort.MaxValue)),
            mapping.Errors.Count > before);
    }

    public static TimerConfig Resolve(TimerSettings set, TimerConfig inherited, ErrorSink errors)
    {
        var hold = set.HoldTime ?? inherited.HoldTime;
        var keepalive = set.Keepalive ?? (set.HoldTime is { } h ? h / 3 : inherited.Keepalive);
        if (!set.HadErrors && set.KeepaliveAt is { } at)
        {
            CheckKeepalive(keepalive, hold, set.HoldTime is null, at, errors);
        }
        return new TimerConfig
        {
            HoldTime = hold,
            // RFC 4271 §4.4: with a zero hold time no KEEPALIVEs are sent.
            Keepalive = hold == TimeSpan.Zero ? TimeSpan.Zero : keepalive,
            ConnectRetry = set.ConnectRetry ?? inherited.ConnectRetry,
        };
    }

    private static void CheckKeepalive(TimeSpan keepalive, TimeSpan hold, bool holdInherited, ConfigValue at, ErrorSink errors)
    {
        string holdText = $"holdTime {hold.TotalSeconds}{(holdInherited ? " (inherited)" : "")}";
        if (hold == TimeSpan.Zero && keepalive != TimeSpan.Zero)
        {
            errors.Add(at, $"keepalive must be 0 or left out when {holdText}: no KEEPALIVEs are sent");
        }
        else if (hold != TimeSpan.Zero && keepalive == TimeSpan.Zero)
        {
            errors.Add(at, $"keepalive must be at least 1 second with {holdText}");
        }
        else if (keepalive >= hold && hold != TimeSpan.Zero)
        {
            errors.Add(at, $"keepalive {keepalive.TotalSeconds} must be less than {holdText} (usually a third of it)");
        }
    }
}
