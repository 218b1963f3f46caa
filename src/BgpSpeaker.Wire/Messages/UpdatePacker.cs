using System.Buffers;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Nlri;
using BgpSpeaker.Wire.Primitives;

namespace BgpSpeaker.Wire.Messages;

/// <summary>
/// Packs routes that share one attribute set into as few UPDATEs as the negotiated size allows. IPv4
/// unicast with an IPv4 next hop uses the classic fields; everything else (including IPv4 with an
/// IPv6 next hop, RFC 8950) rides in MP_REACH_NLRI / MP_UNREACH_NLRI.
/// </summary>
public static class UpdatePacker
{
    private const int MpReachFixed = 4 + 2 + 1 + 1 + 1; // header with 2-octet length, AFI, SAFI, NH length, reserved

    /// <summary>Writes announcements of <paramref name="routes"/>; returns the number of UPDATEs written.</summary>
    public static int WriteAnnouncements(IBufferWriter<byte> output, CodecContext context, AfiSafi family,
        PathAttributes attributes, NextHop nextHop, ReadOnlySpan<NlriEntry> routes)
    {
        int max = context.MaxMessageSize;
        bool classic = family == AfiSafi.Ipv4Unicast && nextHop.IsIpv4;
        bool withPathId = context.SendsPathId(family);

        // The attribute set is encoded once and copied into every message.
        var scratch = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var aw = new SpanWriter(scratch.AsSpan(0, max));
            AttributeEncoder.Write(ref aw, attributes, classic ? nextHop : null, context);
            int attributesLength = aw.Position;
            int messages = 0;
            int next = 0;
            while (next < routes.Length)
            {
                var w = new SpanWriter(output.GetSpan(max)[..max]);
                w.Skip(BgpHeader.Size);
                w.UInt16(0); // no withdrawn routes
                int attributesAt = w.Skip(2);
                if (classic)
                {
                    w.Bytes(scratch.AsSpan(0, attributesLength));
                    w.PatchUInt16(attributesAt, attributesLength);
                    next = Fill(ref w, routes, next, withPathId, w.Remaining);
                }
                else
                {
                    int room = w.Remaining - attributesLength - MpReachFixed - nextHop.Length;
                    int at = MessageEncoder.WriteMpReachHead(ref w, family, nextHop);
                    next = Fill(ref w, routes, next, withPathId, room);
                    AttributeEncoder.End(ref w, at);
                    w.Bytes(scratch.AsSpan(0, attributesLength));
                    w.PatchUInt16(attributesAt, w.Position - attributesAt - 2);
                }
                BgpHeader.Write(w.Written, w.Position, MessageType.Update);
                output.Advance(w.Position);
                messages++;
            }
            return messages;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Writes withdrawals of <paramref name="routes"/>; returns the number of UPDATEs written.</summary>
    public static int WriteWithdrawals(IBufferWriter<byte> output, CodecContext context, AfiSafi family, ReadOnlySpan<NlriEntry> routes)
    {
        int max = context.MaxMessageSize;
        bool withPathId = context.SendsPathId(family);
        int messages = 0;
        int next = 0;
        while (next < routes.Length)
        {
            var w = new SpanWriter(output.GetSpan(max)[..max]);
            w.Skip(BgpHeader.Size);
            if (family == AfiSafi.Ipv4Unicast)
            {
                int withdrawnAt = w.Skip(2);
                next = Fill(ref w, routes, next, withPathId, w.Remaining - 2);
                w.PatchUInt16(withdrawnAt, w.Position - withdrawnAt - 2);
                w.UInt16(0);
            }
            else
            {
                w.UInt16(0);
                int attributesAt = w.Skip(2);
                int at = WriteMpUnreachHead(ref w, family);
                next = Fill(ref w, routes, next, withPathId, w.Remaining);
                AttributeEncoder.End(ref w, at);
                w.PatchUInt16(attributesAt, w.Position - attributesAt - 2);
            }
            BgpHeader.Write(w.Written, w.Position, MessageType.Update);
            output.Advance(w.Position);
            messages++;
        }
        return messages;
    }

    /// <summary>End-of-RIB marker (RFC 4724 §2).</summary>
    public static void WriteEndOfRib(IBufferWriter<byte> output, AfiSafi family)
    {
        var w = new SpanWriter(output.GetSpan(64));
        w.Skip(BgpHeader.Size);
        w.UInt16(0);
        int attributesAt = w.Skip(2);
        if (family != AfiSafi.Ipv4Unicast)
        {
            AttributeEncoder.End(ref w, WriteMpUnreachHead(ref w, family));
        }
        w.PatchUInt16(attributesAt, w.Position - attributesAt - 2);
        BgpHeader.Write(w.Written, w.Position, MessageType.Update);
        output.Advance(w.Position);
    }

    private static int WriteMpUnreachHead(ref SpanWriter w, AfiSafi family)
    {
        AttributeEncoder.Header(ref w, AttributeFlags.Optional, AttributeType.MpUnreachNlri);
        int at = AttributeEncoder.Begin(ref w);
        w.UInt16((ushort)family.Afi);
        w.Byte((byte)family.Safi);
        return at;
    }

    /// <summary>Appends entries while they fit in <paramref name="room"/> octets; returns the index of the first left out.</summary>
    private static int Fill(ref SpanWriter w, ReadOnlySpan<NlriEntry> routes, int next, bool withPathId, int room)
    {
        if (room < NlriWriter.Size(routes[next].Prefix, withPathId))
        {
            throw new InvalidOperationException("path attributes leave no room for a single prefix");
        }
        int end = w.Position + room;
        while (next < routes.Length)
        {
            int size = NlriWriter.Size(routes[next].Prefix, withPathId);
            if (w.Position + size > end)
            {
                break;
            }
            w.Advance(NlriWriter.Write(w.Rest, routes[next].Prefix, routes[next].PathId, withPathId));
            next++;
        }
        return next;
    }
}
