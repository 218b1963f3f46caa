using System.Globalization;

namespace BgpSpeaker.Wire.Messages;

/// <summary>
/// RFC 4271 §4.2 Hold Time: 0 (no hold timer and no KEEPALIVEs) or 3..65535 seconds. The one type a
/// hold time has from the configuration file through the session settings to the negotiated session.
/// An OPEN carries the raw octets (<see cref="OpenMessage.HoldTimeSeconds"/>): a peer may send 1 or 2,
/// which the session refuses with a NOTIFICATION.
/// </summary>
public readonly record struct HoldTime
{
    private HoldTime(ushort seconds) => Seconds = seconds;

    /// <summary>No hold timer, no KEEPALIVEs.</summary>
    public static HoldTime Zero => default;

    public ushort Seconds { get; }

    public bool IsZero => Seconds == 0;

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    /// <summary>0 or 3..65535.</summary>
    public static bool IsValid(ulong seconds) => seconds == 0 || seconds is >= 3 and <= ushort.MaxValue;

    /// <exception cref="ArgumentOutOfRangeException">1, 2 or more than 65535.</exception>
    public static HoldTime FromSeconds(ulong seconds) => IsValid(seconds)
        ? new HoldTime((ushort)seconds)
        : throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "a hold time is 0 or 3..65535 seconds (RFC 4271 §4.2)");

    /// <summary>What a session uses: the smaller of both sides' (RFC 4271 §4.2).</summary>
    public static HoldTime Min(HoldTime a, HoldTime b) => a.Seconds <= b.Seconds ? a : b;

    public override string ToString() => Seconds.ToString(CultureInfo.InvariantCulture);
}
