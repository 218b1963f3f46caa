using System.Buffers.Binary;

namespace BgpSpeaker.Wire.Framing;

/// <summary>
/// The fixed header every message starts with (RFC 4271 §4.1):
/// <code>
///  0                   1                   2                   3
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |                        Marker (16 octets of 0xFF)             |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  |          Length               |      Type     |
///  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class BgpHeader
{
    public const int Size = 19;
    public const int MarkerSize = 16;

    /// <summary>Smallest legal length of each message type, header included.</summary>
    public static int MinimumLength(MessageType type) => type switch
    {
        MessageType.Open => 29,
        MessageType.Update => 23,
        MessageType.Notification => 21,
        MessageType.Keepalive => 19,
        MessageType.RouteRefresh => Size, // RFC 7313 §5: a wrong length is a ROUTE-REFRESH error, which the decoder reports
        _ => Size,
    };

    public static bool IsKnownType(byte type) => type is >= 1 and <= 5;

    /// <summary>Writes the marker, length and type into the first 19 bytes of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, int totalLength, MessageType type)
    {
        destination[..MarkerSize].Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(destination[MarkerSize..], (ushort)totalLength);
        destination[MarkerSize + 2] = (byte)type;
    }
}
