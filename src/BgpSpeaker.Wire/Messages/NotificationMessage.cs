using System.Text;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;

namespace BgpSpeaker.Wire.Messages;

/// <summary>
/// NOTIFICATION (RFC 4271 §4.5): error code, subcode, data. For Cease/Administrative Shutdown and
/// Reset the data is an RFC 9003 shutdown communication: a length octet and up to 255 octets of UTF-8.
/// </summary>
public sealed class NotificationMessage(ErrorCode code, byte subcode, byte[] data) : BgpMessage
{
    public const int MaxShutdownCommunication = 255;

    public override MessageType Type => MessageType.Notification;

    public ErrorCode Code { get; } = code;
    public byte Subcode { get; } = subcode;
    public byte[] Data { get; } = data;

    /// <summary>A Cease with an operator's message, truncated at a character boundary to 255 octets.</summary>
    public static NotificationMessage Shutdown(byte ceaseSubcode, string communication)
    {
        var text = Encoding.UTF8.GetBytes(communication);
        int length = text.Length;
        while (length > MaxShutdownCommunication || (length < text.Length && (text[length] & 0xC0) == 0x80))
        {
            length--;
        }
        var data = new byte[length + 1];
        data[0] = (byte)length;
        text.AsSpan(0, length).CopyTo(data.AsSpan(1));
        return new NotificationMessage(ErrorCode.Cease, ceaseSubcode, data);
    }

    /// <summary>
    /// Cease/Maximum Number of Prefixes Reached (RFC 4486 §4): the data is the AFI, SAFI and the limit.
    /// <code>
    /// +-----------+------+------------------------+
    /// | AFI (2)   | SAFI | upper bound (4 octets) |
    /// +-----------+------+------------------------+
    /// </code>
    /// </summary>
    public static NotificationMessage MaxPrefixReached(Nlri.AfiSafi family, uint limit)
    {
        var data = new byte[7];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)family.Afi);
        data[2] = (byte)family.Safi;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(3), limit);
        return new NotificationMessage(ErrorCode.Cease, CeaseSubcode.MaximumPrefixesReached, data);
    }

    /// <summary>The RFC 9003 shutdown communication, when this is a Cease that carries a valid one.</summary>
    public string? ShutdownCommunication
    {
        get
        {
            if (Code != ErrorCode.Cease || Subcode is not (CeaseSubcode.AdministrativeShutdown or CeaseSubcode.AdministrativeReset)
                || Data.Length == 0 || Data[0] + 1 > Data.Length || Data[0] == 0)
            {
                return null;
            }
            try
            {
                return new UTF8Encoding(false, true).GetString(Data, 1, Data[0]);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }

    public string Describe() =>
        ShutdownCommunication is { } text
            ? $"{ErrorNames.Describe(Code, Subcode)}: \"{text}\""
            : ErrorNames.Describe(Code, Subcode);
}
