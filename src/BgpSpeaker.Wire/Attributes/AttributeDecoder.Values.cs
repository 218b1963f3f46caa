using System.Buffers.Binary;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Attributes;

/// <summary>Value decoding of each attribute we interpret.</summary>
internal sealed partial class AttributeDecoder
{
    /// <summary>What is wrong with a value; <see cref="Action"/> overrides the table's action when set.</summary>
    private readonly record struct Problem(string Reason, ErrorAction? Action = null);

    private Problem? DecodeKnown(AttributeType type, ReadOnlyMemory<byte> memory)
    {
        var value = memory.Span;
        switch (type)
        {
            case AttributeType.Origin:
                if (value.Length != 1)
                {
                    return new($"length {value.Length}, expected 1");
                }
                if (value[0] > 2)
                {
                    return new($"undefined value {value[0]}");
                }
                _origin = (Origin)value[0];
                return null;
            case AttributeType.AsPath:
                _asPath = AsPathCodec.Decode(value, context.FourOctetAs ? 4 : 2, out var pathProblem);
                return pathProblem is null ? null : new(pathProblem);
            case AttributeType.NextHop:
                return DecodeNextHop(value);
            case AttributeType.MultiExitDisc:
                return ReadUInt32(value, out uint med) is { } medProblem ? medProblem : Set(ref _med, med);
            case AttributeType.LocalPref:
                if (ReadUInt32(value, out uint localPref) is { } lpProblem)
                {
                    return lpProblem;
                }
                // RFC 4271 §5.1.5: LOCAL_PREF from an external peer is ignored.
                return context.ExternalPeer ? null : Set(ref _localPref, localPref);
            case AttributeType.AtomicAggregate:
                if (value.Length != 0)
                {
                    return new($"length {value.Length}, expected 0");
                }
                _atomicAggregate = true;
                return null;
            case AttributeType.Aggregator:
                return DecodeAggregator(value, context.FourOctetAs ? 8 : 6, ref _aggregator);
            case AttributeType.As4Aggregator:
                return context.FourOctetAs
                    ? new("sent by a 4-octet AS speaker; ignored (RFC 6793 §6)")
                    : DecodeAggregator(value, 8, ref _as4Aggregator);
            case AttributeType.As4Path:
                return DecodeAs4Path(value);
            case AttributeType.Communities:
                return ReadArray(value, 4, nonEmpty: true, out _communities, static v => new Community(BinaryPrimitives.ReadUInt32BigEndian(v)));
            case AttributeType.ExtendedCommunities:
                return ReadArray(value, 8, nonEmpty: false, out _extendedCommunities, static v => new ExtendedCommunity(BinaryPrimitives.ReadUInt64BigEndian(v)));
            case AttributeType.LargeCommunities:
                return ReadArray(value, 12, nonEmpty: true, out _largeCommunities, static v => new LargeCommunity(
                    BinaryPrimitives.ReadUInt32BigEndian(v), BinaryPrimitives.ReadUInt32BigEndian(v[4..]), BinaryPrimitives.ReadUInt32BigEndian(v[8..])));
            case AttributeType.OriginatorId:
                return ReadUInt32(value, out uint originator) is { } oProblem ? oProblem : Set(ref _originatorId, originator);
            case AttributeType.ClusterList:
                return ReadArray(value, 4, nonEmpty: true, out _clusterList, static v => BinaryPrimitives.ReadUInt32BigEndian(v));
            case AttributeType.MpReachNlri:
                return DecodeMpReach(memory);
            case AttributeType.MpUnreachNlri:
                return DecodeMpUnreach(memory);
            default:
                return null;
        }
    }

    private static Problem? Set(ref uint? field, uint value)
    {
        field = value;
        return null;
    }

    private static Problem? ReadUInt32(ReadOnlySpan<byte> value, out uint result)
    {
        result = value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;
        return value.Length == 4 ? null : new($"length {value.Length}, expected 4");
    }

    private delegate T ElementReader<T>(ReadOnlySpan<byte> element);

    private static Problem? ReadArray<T>(ReadOnlySpan<byte> value, int size, bool nonEmpty, out T[] items, ElementReader<T> read)
    {
        if (value.Length % size != 0 || (nonEmpty && value.Length == 0))
        {
            items = [];
            return new($"length {value.Length} is not a {(nonEmpty ? "non-zero " : "")}multiple of {size}");
        }
        items = new T[value.Length / size];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = read(value.Slice(i * size, size));
        }
        return null;
    }

    private Problem? DecodeNextHop(ReadOnlySpan<byte> value)
    {
        if (value.Length != 4)
        {
            return new($"length {value.Length}, expected 4");
        }
        uint address = BinaryPrimitives.ReadUInt32BigEndian(value);
        if (IsMartianV4(address))
        {
            return new($"{IpAddresses.V4ToString(address)} is not a usable next hop");
        }
        NextHop = Nlri.NextHop.V4(address);
        return null;
    }

    /// <summary>RFC 4271 §6.3: 0.0.0.0/8, loopback, multicast, class E and broadcast are never next hops.</summary>
    private static bool IsMartianV4(uint address) =>
        (address >> 24) is 0 or 127 || (address >> 28) >= 0xE;

    private static Problem? DecodeAggregator(ReadOnlySpan<byte> value, int expected, ref Aggregator? field)
    {
        if (value.Length != expected)
        {
            return new($"length {value.Length}, expected {expected}");
        }
        uint asn = expected == 8 ? BinaryPrimitives.ReadUInt32BigEndian(value) : BinaryPrimitives.ReadUInt16BigEndian(value);
        field = new Aggregator(asn, BinaryPrimitives.ReadUInt32BigEndian(value[(expected - 4)..]));
        return null;
    }

    private Problem? DecodeAs4Path(ReadOnlySpan<byte> value)
    {
        if (context.FourOctetAs)
        {
            return new("sent by a 4-octet AS speaker; ignored (RFC 6793 §6)");
        }
        var path = AsPathCodec.Decode(value, 4, out var problem);
        if (path is null)
        {
            return new(problem!);
        }
        if (path.Segments.Any(s => s.Type is AsPathSegmentType.ConfedSequence or AsPathSegmentType.ConfedSet))
        {
            return new("carries confederation segments (RFC 6793 §6)");
        }
        _as4Path = path;
        return null;
    }
}
