using BgpSpeaker.Wire.Framing;

namespace BgpSpeaker.Wire.Messages;

/// <summary>A decoded BGP message. Each type has its own codec next to it.</summary>
public abstract class BgpMessage
{
    public abstract MessageType Type { get; }
}

/// <summary>KEEPALIVE: a header with no body (RFC 4271 §4.4).</summary>
public sealed class KeepaliveMessage : BgpMessage
{
    public static readonly KeepaliveMessage Instance = new();

    private KeepaliveMessage()
    {
    }

    public override MessageType Type => MessageType.Keepalive;
}
