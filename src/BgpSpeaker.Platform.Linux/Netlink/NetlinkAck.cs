using System.Buffers.Binary;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// The kernel's answer to a request: an NLMSG_ERROR message whose error field is 0 for success
/// (an ACK) or a negative errno.
/// <code>
///  nlmsghdr (type 2, flags: Capped when NETLINK_CAP_ACK, AckTlvs when ext-ack TLVs follow)
///  +-----------------+
///  | int32 error     |  0 or -errno
///  +-----------------+
///  | nlmsghdr of the |  the request's header (its seq tells which request this answers)
///  | request         |  + its payload, unless Capped
///  +-----------------+
///  | ext-ack TLVs    |  NLMSGERR_ATTR_MSG (1): text, NLMSGERR_ATTR_OFFS (2): offset of the bad attribute
///  +-----------------+
/// </code>
/// </summary>
public readonly record struct NetlinkAck(uint Sequence, int Errno, string? Message)
{
    private const ushort AttributeMessage = 1;

    public bool IsSuccess => Errno == 0;

    public NetlinkError Error => new(Errno, Message);

    /// <summary>Decodes the payload of an NLMSG_ERROR; false when it is too short to say anything.</summary>
    public static bool TryDecode(in NetlinkMessage message, out NetlinkAck ack)
    {
        ack = default;
        var payload = message.Payload;
        if (payload.Length < 4 + NetlinkHeader.Size)
        {
            return false;
        }
        int error = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var request = NetlinkHeader.Read(payload[4..]);
        // Positive values are not errnos; report them as malformed rather than inventing a meaning.
        if (error > 0)
        {
            return false;
        }
        string? text = null;
        if ((message.Header.Flags & NetlinkFlags.AckTlvs) != 0)
        {
            int echoed = (message.Header.Flags & NetlinkFlags.Capped) != 0 ? NetlinkHeader.Size : NetlinkHeader.Align(request.Length);
            int tlvStart = 4 + echoed;
            text = tlvStart <= payload.Length ? FindMessage(payload[tlvStart..]) : null;
        }
        ack = new NetlinkAck(request.Sequence, -error, text);
        return true;
    }

    private static string? FindMessage(ReadOnlySpan<byte> tlvs)
    {
        var reader = new RtAttributeReader(tlvs);
        while (reader.TryRead(out var type, out var value))
        {
            if (type == AttributeMessage)
            {
                return RtAttributeReader.ReadString(value);
            }
        }
        return null;
    }
}
