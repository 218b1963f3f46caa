using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>
/// One thing a <see cref="WirePeer"/> got from the daemon: a message (decoded when the codec could),
/// or the end of the connection (<see cref="Closed"/>, with how it ended).
/// </summary>
internal sealed record Incoming(MessageType Type, BgpMessage? Message, byte[] Raw, string? Closed = null)
{
    public static Incoming End(string how) => new(0, null, [], how);

    public bool IsClosed => Closed is not null;

    public NotificationMessage? Notification => Message as NotificationMessage;

    public override string ToString() => Closed is { } how
        ? $"connection closed ({how})"
        : Message is NotificationMessage n
            ? $"NOTIFICATION {(byte)n.Code}/{n.Subcode} {n.Describe()} data {Convert.ToHexString(n.Data)}"
            : $"{Type} ({Raw.Length} octets)";
}
