using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using BgpSpeaker.Wire.Primitives;

namespace BgpSpeaker.Wire.Attributes;

/// <summary>
/// Writes path attributes in type-code order. On a 2-octet session ASNs above 65535 travel as
/// AS_TRANS, with the real path in AS4_PATH and AS4_AGGREGATOR (RFC 6793 §4.2.2).
/// </summary>
internal static class AttributeEncoder
{
    private const AttributeFlags WellKnown = AttributeFlags.Transitive;
    private const AttributeFlags OptionalTransitive = AttributeFlags.Optional | AttributeFlags.Transitive;

    public static void Write(ref SpanWriter w, PathAttributes a, NextHop? classicNextHop, CodecContext context)
    {
        int asnSize = context.FourOctetAs ? 4 : 2;
        Header(ref w, WellKnown, AttributeType.Origin);
        int at = Begin(ref w);
        w.Byte((byte)a.Origin);
        End(ref w, at);

        Header(ref w, WellKnown, AttributeType.AsPath);
        at = Begin(ref w);
        AsPathCodec.Write(ref w, a.AsPath, asnSize);
        End(ref w, at);

        if (classicNextHop is { IsIpv4: true } nextHop)
        {
            WriteUInt32(ref w, WellKnown, AttributeType.NextHop, (uint)nextHop.Address);
        }
        if (a.MultiExitDisc is { } med)
        {
            WriteUInt32(ref w, AttributeFlags.Optional, AttributeType.MultiExitDisc, med);
        }
        if (a.LocalPref is { } localPref)
        {
            WriteUInt32(ref w, WellKnown, AttributeType.LocalPref, localPref);
        }
        if (a.AtomicAggregate)
        {
            Header(ref w, WellKnown, AttributeType.AtomicAggregate);
            End(ref w, Begin(ref w));
        }
        if (a.Aggregator is { } aggregator)
        {
            Header(ref w, OptionalTransitive, AttributeType.Aggregator);
            at = Begin(ref w);
            if (asnSize == 4)
            {
                w.UInt32(aggregator.Asn);
            }
            else
            {
                w.UInt16(aggregator.Asn > ushort.MaxValue ? OpenMessage.AsTrans : (int)aggregator.Asn);
            }
            w.UInt32(aggregator.Address);
            End(ref w, at);
        }
        WriteArray(ref w, AttributeType.Communities, a.Communities, static (ref SpanWriter x, Community c) => x.UInt32(c.Value));
        if (a.OriginatorId is { } originator)
        {
            WriteUInt32(ref w, AttributeFlags.Optional, AttributeType.OriginatorId, originator);
        }
        if (a.ClusterList.Length > 0)
        {
            Header(ref w, AttributeFlags.Optional, AttributeType.ClusterList);
            at = Begin(ref w);
            foreach (uint id in a.ClusterList)
            {
                w.UInt32(id);
            }
            End(ref w, at);
        }
        WriteArray(ref w, AttributeType.ExtendedCommunities, a.ExtendedCommunities, static (ref SpanWriter x, ExtendedCommunity c) => x.UInt64(c.Value));
        if (asnSize == 2)
        {
            WriteAs4(ref w, a);
        }
        WriteArray(ref w, AttributeType.LargeCommunities, a.LargeCommunities, static (ref SpanWriter x, LargeCommunity c) =>
        {
            x.UInt32(c.GlobalAdministrator);
            x.UInt32(c.LocalData1);
            x.UInt32(c.LocalData2);
        });
        foreach (var raw in a.Unknown)
        {
            Header(ref w, raw.Flags & ~AttributeFlags.ExtendedLength, (AttributeType)raw.TypeCode);
            at = Begin(ref w);
            w.Bytes(raw.Value);
            End(ref w, at);
        }
    }

    private static void WriteAs4(ref SpanWriter w, PathAttributes a)
    {
        if (AsPathCodec.NeedsAs4Path(a.AsPath))
        {
            Header(ref w, OptionalTransitive, AttributeType.As4Path);
            int at = Begin(ref w);
            AsPathCodec.Write(ref w, a.AsPath, 4, skipConfed: true);
            End(ref w, at);
        }
        if (a.Aggregator is { Asn: > ushort.MaxValue } aggregator)
        {
            Header(ref w, OptionalTransitive, AttributeType.As4Aggregator);
            int at = Begin(ref w);
            w.UInt32(aggregator.Asn);
            w.UInt32(aggregator.Address);
            End(ref w, at);
        }
    }

    private delegate void ElementWriter<T>(ref SpanWriter writer, T item);

    private static void WriteArray<T>(ref SpanWriter w, AttributeType type, T[] items, ElementWriter<T> write)
    {
        if (items.Length == 0)
        {
            return;
        }
        Header(ref w, OptionalTransitive, type);
        int at = Begin(ref w);
        foreach (var item in items)
        {
            write(ref w, item);
        }
        End(ref w, at);
    }

    private static void WriteUInt32(ref SpanWriter w, AttributeFlags flags, AttributeType type, uint value)
    {
        Header(ref w, flags, type);
        int at = Begin(ref w);
        w.UInt32(value);
        End(ref w, at);
    }

    /// <summary>Writes flags and type; the length follows from <see cref="Begin"/> and <see cref="End"/>.</summary>
    internal static void Header(ref SpanWriter w, AttributeFlags flags, AttributeType type)
    {
        w.Byte((byte)(flags | AttributeFlags.ExtendedLength));
        w.Byte((byte)type);
    }

    /// <summary>Reserves a 2-octet length; the flags were written with Extended Length set.</summary>
    internal static int Begin(ref SpanWriter w) => w.Skip(2);

    /// <summary>
    /// Patches the length. Values of 255 octets or less move back one octet and lose the Extended
    /// Length flag, so the encoding is the shortest one, as other speakers send it.
    /// </summary>
    internal static void End(ref SpanWriter w, int lengthAt)
    {
        int valueStart = lengthAt + 2;
        int length = w.Position - valueStart;
        if (length > 255)
        {
            w.PatchUInt16(lengthAt, length);
            return;
        }
        var written = w.Written;
        written[lengthAt - 2] = (byte)(written[lengthAt - 2] & ~(byte)AttributeFlags.ExtendedLength);
        written[lengthAt] = (byte)length;
        written.Slice(valueStart, length).CopyTo(written[(lengthAt + 1)..]);
        w.Rewind(1);
    }
}
