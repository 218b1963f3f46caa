using BgpSpeaker.Configuration.Schema;
namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Timer keys as written at one level (the global <c>timers</c> mapping or a neighbor), and their
/// resolution against the level above: a level that sets holdTime but not keepalive gets holdTime/3,
/// not the inherited keepalive, so that "holdTime: 9" alone is valid. <c>idleHold</c>'s two keys are
/// inherited one by one: a neighbor may set only its <c>max</c>.
/// </summary>
internal readonly record struct TimerSettings(
    Wire.Messages.HoldTime? HoldTime,
    TimeSpan? Keepalive,
    ConfigValue? KeepaliveAt,
    TimeSpan? ConnectRetry,
    IdleHoldSettings IdleHold,
    bool HadErrors);

/// <summary><c>idleHold: { initial, max }</c> as written at one level, with where each value was written.</summary>
internal readonly record struct IdleHoldSettings(TimeSpan? Initial, ConfigValue? InitialAt, TimeSpan? Max, ConfigValue? MaxAt);

internal static class TimerReader
{
    public static TimerSettings Read(MappingReader mapping)
    {
        int before = mapping.Errors.Count;
        var (keepalive, keepaliveAt) = mapping.Placed(ConfigSchema.Timers.Keepalive);
        return new TimerSettings(
            mapping.Get(ConfigSchema.Timers.HoldTime),
            keepalive,
            keepaliveAt,
            mapping.Get(ConfigSchema.Timers.ConnectRetry),
            ReadIdleHold(mapping),
            mapping.Errors.Count > before);
    }

    private static IdleHoldSettings ReadIdleHold(MappingReader mapping)
    {
        if (mapping.ValueOf("idleHold") is not { } node || MappingReader.Open(node, ConfigSchema.Timers.IdleHoldSection, mapping.Errors) is not { } m)
        {
            return default;
        }
        // Values are labelled "idleHold.initial": "initial" alone would not say which.
        var (initial, initialAt) = m.Placed(ConfigSchema.Timers.Initial);
        var (max, maxAt) = m.Placed(ConfigSchema.Timers.Max);
        return new IdleHoldSettings(initial, initialAt, max, maxAt);
    }

    public static TimerConfig Resolve(TimerSettings set, TimerConfig inherited, ErrorSink errors)
    {
        var hold = set.HoldTime ?? inherited.HoldTime;
        var keepalive = set.Keepalive ?? (set.HoldTime is { } h ? h.Duration / 3 : inherited.Keepalive);
        if (!set.HadErrors && set.KeepaliveAt is { } at)
        {
            CheckKeepalive(keepalive, hold, set.HoldTime is null, at, errors);
        }
        var idleHold = new IdleHoldConfig
        {
            Initial = set.IdleHold.Initial ?? inherited.IdleHold.Initial,
            Max = set.IdleHold.Max ?? inherited.IdleHold.Max,
        };
        if (!set.HadErrors)
        {
            CheckIdleHold(idleHold, set.IdleHold, errors);
        }
        return new TimerConfig
        {
            HoldTime = hold,
            // RFC 4271 §4.4: with a zero hold time no KEEPALIVEs are sent.
            Keepalive = hold.IsZero ? TimeSpan.Zero : keepalive,
            ConnectRetry = set.ConnectRetry ?? inherited.ConnectRetry,
            IdleHold = idleHold,
        };
    }

    private static void CheckKeepalive(TimeSpan keepalive, Wire.Messages.HoldTime hold, bool holdInherited, ConfigValue at, ErrorSink errors)
    {
        string holdText = $"holdTime {hold.Seconds}{(holdInherited ? " (inherited)" : "")}";
        if (hold.IsZero && keepalive != TimeSpan.Zero)
        {
            errors.Add(at, $"keepalive must be 0 or left out when {holdText}: no KEEPALIVEs are sent");
        }
        else if (!hold.IsZero && keepalive == TimeSpan.Zero)
        {
            errors.Add(at, $"keepalive must be at least 1 second with {holdText}");
        }
        else if (!hold.IsZero && keepalive >= hold.Duration)
        {
            errors.Add(at, $"keepalive {keepalive.TotalSeconds} must be less than {holdText} (usually a third of it)");
        }
    }

    /// <summary>Initial must not exceed max; reported at the value this level wrote (initial when it wrote both).</summary>
    private static void CheckIdleHold(IdleHoldConfig idleHold, IdleHoldSettings set, ErrorSink errors)
    {
        if (idleHold.Initial <= idleHold.Max)
        {
            return;
        }
        string initial = $"idleHold.initial {idleHold.Initial.TotalSeconds}";
        string max = $"idleHold.max {idleHold.Max.TotalSeconds}";
        if (set.InitialAt is { } initialAt)
        {
            errors.Add(initialAt, $"{initial} must not be more than {max}{(set.MaxAt is null ? " (inherited)" : "")}");
        }
        else if (set.MaxAt is { } maxAt)
        {
            errors.Add(maxAt, $"{max} must not be less than {initial} (inherited)");
        }
    }
}
