namespace BgpSpeaker.Routing;

/// <summary>
/// Sizing for the lists a decision run fills and the next run reuses. A run is a little larger than the
/// decision threshold (the UPDATE that crossed it is applied whole), and a List that doubles would then
/// hold twice what a run needs for as long as it lives; reserving in steps keeps the slack small.
/// </summary>
internal static class Scratch
{
    private const int Step = 4_096;

    /// <summary>Room for <paramref name="entries"/> in an empty list (its capacity never shrinks here).</summary>
    public static void Reserve<T>(List<T> list, int entries)
    {
        if (list.Capacity < entries)
        {
            list.Capacity = (int)Math.Min(Array.MaxLength, ((long)entries + Step - 1) / Step * Step);
        }
    }
}
