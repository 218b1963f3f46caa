using System.Buffers.Binary;
using BgpSpeaker.Wire.Primitives;

namespace BgpSpeaker.Wire.Attributes;

/// <summary>
/// AS_PATH and AS4_PATH value encoding (RFC 4271 §4.3, RFC 6793), a run of segments:
/// <code>
///  +--------------+--------------+--------------------------------+
///  | type (1)     | count (1)    | count × ASN (2 or 4 octets)    |
///  +--------------+--------------+--------------------------------+
/// </code>
/// </summary>
public static class AsPathCodec
{
    /// <summary>Decodes a path; returns null and a reason when a segment is truncated, empty or of unknown type.</summary>
    public static AsPath? Decode(ReadOnlySpan<byte> value, int asnSize, out string? problem)
    {
        problem = null;
        if (value.IsEmpty)
        {
            return AsPath.Empty;
        }
        var segments = new List<AsPathSegment>(1);
        int offset = 0;
        while (offset < value.Length)
        {
            if (value.Length - offset < 2)
            {
                problem = $"segment header at offset {offset} is truncated";
                return null;
            }
            byte type = value[offset];
            int count = value[offset + 1];
            if (type is < 1 or > 4)
            {
                problem = $"unknown segment type {type}";
                return null;
            }
            if (count == 0)
            {
                problem = "segment with zero ASNs"; // RFC 7606 §7.2
                return null;
            }
            offset += 2;
            if (value.Length - offset < count * asnSize)
            {
                problem = $"segment of {count} ASNs overruns the attribute";
                return null;
            }
            var asns = new uint[count];
            for (int i = 0; i < count; i++, offset += asnSize)
            {
                asns[i] = asnSize == 4 ? BinaryPrimitives.ReadUInt32BigEndian(value[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(value[offset..]);
            }
            segments.Add(new AsPathSegment((AsPathSegmentType)type, asns));
        }
        return new AsPath(segments);
    }

    /// <summary>
    /// Writes the segments with 2- or 4-octet ASNs. In 2-octet form an ASN above 65535 becomes
    /// AS_TRANS (RFC 6793 §4.2.2). Segments longer than 255 ASNs are split.
    /// </summary>
    internal static void Write(ref SpanWriter writer, AsPath path, int asnSize, bool skipConfed = false)
    {
        foreach (var segment in path.Segments)
        {
            if (skipConfed && segment.Type is AsPathSegmentType.ConfedSequence or AsPathSegmentType.ConfedSet)
            {
                continue;
            }
            for (int start = 0; start < segment.Asns.Count; start += 255)
            {
                int count = Math.Min(255, segment.Asns.Count - start);
                writer.Byte((byte)segment.Type);
                writer.Byte((byte)count);
                for (int i = start; i < start + count; i++)
                {
                    uint asn = segment.Asns[i];
                    if (asnSize == 4)
                    {
                        writer.UInt32(asn);
                    }
                    else
                    {
                        writer.UInt16(asn > ushort.MaxValue ? Messages.OpenMessage.AsTrans : (int)asn);
                    }
                }
            }
        }
    }

    public static bool NeedsAs4Path(AsPath path) => path.Segments.Any(s => s.Asns.Any(a => a > ushort.MaxValue));

    /// <summary>
    /// Reconstructs the true path from a 2-octet AS_PATH and an AS4_PATH (RFC 6793 §4.2.3): when the
    /// AS_PATH is at least as long, its leading part that the AS4_PATH lacks is kept in front of it.
    /// </summary>
    public static AsPath Merge(AsPath asPath, AsPath as4Path)
    {
        int surplus = asPath.PathLength - as4Path.PathLength;
        if (surplus < 0)
        {
            return asPath;
        }
        var merged = new List<AsPathSegment>();
        foreach (var segment in asPath.Segments)
        {
            // Confederation segments count zero and never appear in AS4_PATH: keep them even with nothing surplus.
            if (surplus == 0 && segment.Type is not (AsPathSegmentType.ConfedSequence or AsPathSegmentType.ConfedSet))
            {
                break;
            }
            if (segment.Type == AsPathSegmentType.Sequence && segment.Asns.Count > surplus)
            {
                merged.Add(new AsPathSegment(segment.Type, [.. segment.Asns.Take(surplus)]));
                surplus = 0;
                break;
            }
            merged.Add(segment);
            surplus -= segment.PathLength;
        }
        // Join the two halves into one sequence where they meet, as the original speaker had it.
        var tail = as4Path.Segments;
        if (merged.Count > 0 && tail.Count > 0 && merged[^1].Type == AsPathSegmentType.Sequence
            && tail[0].Type == AsPathSegmentType.Sequence && merged[^1].Asns.Count + tail[0].Asns.Count <= 255)
        {
            merged[^1] = new AsPathSegment(AsPathSegmentType.Sequence, [.. merged[^1].Asns, .. tail[0].Asns]);
            tail = [.. tail.Skip(1)];
        }
        merged.AddRange(tail);
        return new AsPath(merged);
    }
}
