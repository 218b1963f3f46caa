using System.Buffers;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Nlri;
using BgpSpeaker.Wire.Primitives;

namespace BgpSpeaker.Wire.Messages;

/// <summary>Encodes messages, header included, within the negotiated maximum size.</summary>
public static class MessageEncoder
{
    public static byte[] ToBytes(BgpMessage message, CodecContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, message, context);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one message to <paramref name="output"/>; returns its length.</summary>
    public static int Write(IBufferWriter<byte> output, BgpMessage message, CodecContext context)
    {
        int max = message.Type is MessageType.Open or MessageType.Keepalive ? CodecContext.StandardMaxMessageSize : context.MaxMessageSize;
        var span = output.GetSpan(max)[..max];
        int length;
        try
        {
            length = Write(span, message, context);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            // The span is exactly the size limit: running past it in any way means the message is too big.
            throw new InvalidOperationException($"{message.Type} does not fit in {max} octets");
        }
        output.Advance(length);
        return length;
    }

    private static int Write(Span<byte> span, BgpMessage message, CodecContext context)
    {
        var w = new SpanWriter(span);
        w.Skip(BgpHeader.Size);
        switch (message)
        {
            case OpenMessage open:
                WriteOpen(ref w, open);
                break;
            case UpdateMessage update:
                WriteUpdate(ref w, update, context);
                break;
            case NotificationMessage notification:
                w.Byte((byte)notification.Code);
                w.Byte(notification.Subcode);
                w.Bytes(notification.Data);
                break;
            case RouteRefreshMessage refresh:
                w.UInt16((ushort)refresh.Family.Afi);
                w.Byte((byte)refresh.Subtype);
                w.Byte((byte)refresh.Family.Safi);
                break;
            case KeepaliveMessage:
                break;
        }
        BgpHeader.Write(span, w.Position, message.Type);
        return w.Position;
    }

    /// <summary>
    /// One capability per optional parameter, as most speakers send them. When a parameter or the whole
    /// set would not fit a 1-octet length, the RFC 9072 form (2-octet lengths after a 255/255 marker) is
    /// chosen before anything is written.
    /// </summary>
    private static void WriteOpen(ref SpanWriter w, OpenMessage open)
    {
        w.Byte(open.Version);
        w.UInt16(open.MyAs);
        w.UInt16(open.HoldTimeSeconds);
        w.UInt32(open.BgpIdentifier);

        // Encode the capabilities once, to learn their lengths.
        var scratch = new byte[CodecContext.StandardMaxMessageSize];
        var c = new SpanWriter(scratch);
        var ends = new List<int>(open.Capabilities.Count);
        foreach (var capability in open.Capabilities)
        {
            CapabilityCodec.Write(ref c, capability);
            ends.Add(c.Position);
        }
        int total = c.Position + 2 * ends.Count; // each parameter adds type and 1-octet length
        bool extended = total > 255 || ends.Select((end, i) => end - (i == 0 ? 0 : ends[i - 1])).Any(length => length > 255);
        if (extended)
        {
            w.Byte(255);
            w.Byte(255);
            w.UInt16(total + ends.Count); // 2-octet parameter lengths
        }
        else
        {
            w.Byte((byte)total);
        }
        for (int i = 0, start = 0; i < ends.Count; start = ends[i++])
        {
            int length = ends[i] - start;
            w.Byte(OpenDecoder.CapabilitiesParameter);
            if (extended)
            {
                w.UInt16(length);
            }
            else
            {
                w.Byte((byte)length);
            }
            w.Bytes(scratch.AsSpan(start, length));
        }
    }

    private static void WriteUpdate(ref SpanWriter w, UpdateMessage update, CodecContext context)
    {
        int withdrawnAt = w.Skip(2);
        WriteNlri(ref w, update.Withdrawn, context);
        w.PatchUInt16(withdrawnAt, w.Position - withdrawnAt - 2);

        int attributesAt = w.Skip(2);
        // RFC 7606 §5.1: MP_REACH_NLRI and MP_UNREACH_NLRI go first.
        if (update.MpReach is { } reach)
        {
            WriteMpReach(ref w, reach.Family, reach.NextHop, update.MpReach.Nlri, context);
        }
        if (update.MpUnreach is { } unreach)
        {
            AttributeEncoder.Header(ref w, AttributeFlags.Optional, AttributeType.MpUnreachNlri);
            int at = AttributeEncoder.Begin(ref w);
            w.UInt16((ushort)unreach.Family.Afi);
            w.Byte((byte)unreach.Family.Safi);
            WriteNlri(ref w, unreach.Withdrawn, context);
            AttributeEncoder.End(ref w, at);
        }
        if (update.Attributes is { } attributes)
        {
            AttributeEncoder.Write(ref w, attributes, update.NextHop, context);
        }
        w.PatchUInt16(attributesAt, w.Position - attributesAt - 2);
        WriteNlri(ref w, update.Nlri, context);
    }

    internal static void WriteMpReach(ref SpanWriter w, AfiSafi family, NextHop nextHop, NlriBlock nlri, CodecContext context)
    {
        int at = WriteMpReachHead(ref w, family, nextHop);
        WriteNlri(ref w, nlri, context);
        AttributeEncoder.End(ref w, at);
    }

    /// <summary>Writes the MP_REACH_NLRI header up to the NLRI; returns the length position for <see cref="AttributeEncoder.End"/>.</summary>
    internal static int WriteMpReachHead(ref SpanWriter w, AfiSafi family, NextHop nextHop)
    {
        AttributeEncoder.Header(ref w, AttributeFlags.Optional, AttributeType.MpReachNlri);
        int at = AttributeEncoder.Begin(ref w);
        w.UInt16((ushort)family.Afi);
        w.Byte((byte)family.Safi);
        w.Byte(nextHop.Length);
        switch (nextHop.Length)
        {
            case 4:
                w.UInt32((uint)nextHop.Address);
                break;
            case 16:
                w.UInt128(nextHop.Address);
                break;
            case 32:
                w.UInt128(nextHop.Address);
                w.UInt128(nextHop.LinkLocal);
                break;
        }
        w.Byte(0); // Reserved
        return at;
    }

    /// <summary>Copies the block when its path-id form matches what we send, else re-encodes each entry.</summary>
    private static void WriteNlri(ref SpanWriter w, NlriBlock block, CodecContext context)
    {
        bool withPathId = context.SendsPathId(block.Family);
        if (block.HasPathId == withPathId || block.IsEmpty)
        {
            w.Bytes(block.Bytes.Span);
            return;
        }
        foreach (var entry in block)
        {
            w.Advance(NlriWriter.Write(w.Rest, entry.Prefix, entry.PathId, withPathId));
        }
    }
}
