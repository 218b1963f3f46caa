namespace BgpSpeaker.Daemon;

/// <summary>
/// The event ids a log catalog class may use, first to last inclusive. Every class that declares
/// <c>[LoggerMessage]</c> methods carries one; a unit test checks each id lies inside its class's range,
/// that no id and no event name is used twice, and that no two ranges overlap.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class LogEventRangeAttribute(int first, int last) : Attribute
{
    public int First { get; } = first;

    public int Last { get; } = last;
}
