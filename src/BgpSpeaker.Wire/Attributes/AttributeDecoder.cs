using System.Buffers.Binary;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Attributes;

/// <summary>
/// Walks the path attributes of one UPDATE (RFC 4271 §4.3):
/// <code>
///  +----------------+----------------+---------------------+------------------+
///  | flags (1)      | type code (1)  | length (1, or 2 if  | value (length)   |
///  |                |                | Extended Length)    |                  |
///  +----------------+----------------+---------------------+------------------+
/// </code>
/// Each problem is recorded with its RFC 7606 action; a session-reset problem stops the walk.
/// </summary>
internal sealed partial class AttributeDecoder(CodecContext context)
{
    private readonly List<BgpError> _errors = [];
    private readonly bool[] _seen = new bool[256];
    private int _count;

    private Origin _origin = Origin.Incomplete;
    private AsPath? _asPath;
    private AsPath? _as4Path;
    private uint? _med;
    private uint? _localPref;
    private bool _atomicAggregate;
    private Aggregator? _aggregator;
    private Aggregator? _as4Aggregator;
    private Community[] _communities = [];
    private ExtendedCommunity[] _extendedCommunities = [];
    private LargeCommunity[] _largeCommunities = [];
    private uint? _originatorId;
    private uint[] _clusterList = [];
    private List<RawAttribute>? _unknown;

    public NextHop? NextHop { get; private set; }
    public MpReach? MpReach { get; private set; }
    public MpUnreach? MpUnreach { get; private set; }
    public BgpError? Fatal { get; private set; }
    public IReadOnlyList<BgpError> Errors => _errors;
    public ErrorAction Strongest { get; private set; }

    public void Parse(ReadOnlyMemory<byte> attributes)
    {
        var span = attributes.Span;
        int offset = 0;
        while (offset < span.Length && Fatal is null)
        {
            var flags = (AttributeFlags)span[offset];
            int headerSize = (flags & AttributeFlags.ExtendedLength) != 0 ? 4 : 3;
            if (span.Length - offset < headerSize)
            {
                // RFC 7606 §4: too few octets left for an attribute header.
                Record(BgpError.Withdraw(UpdateSubcode.MalformedAttributeList, $"{span.Length - offset} trailing octets cannot hold an attribute header"));
                return;
            }
            byte type = span[offset + 1];
            int length = headerSize == 4 ? BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]) : span[offset + 2];
            if (span.Length - offset - headerSize < length)
            {
                // RFC 7606 §4: the attribute overruns the Total Path Attribute Length.
                Record(BgpError.Withdraw(UpdateSubcode.AttributeLengthError, $"{AttributeRules.Name(type)} length {length} overruns the path attributes"));
                return;
            }
            var whole = attributes.Slice(offset, headerSize + length);
            var value = attributes.Slice(offset + headerSize, length);
            offset += headerSize + length;
            Dispatch(flags, type, value, whole.Span);
        }
    }

    private void Dispatch(AttributeFlags flags, byte type, ReadOnlyMemory<byte> value, ReadOnlySpan<byte> whole)
    {
        _count++;
        if (_seen[type])
        {
            // RFC 7606 §3 g: repeated MP attributes reset; other repeats are dropped after the first.
            if (type is (byte)AttributeType.MpReachNlri or (byte)AttributeType.MpUnreachNlri)
            {
                Record(BgpError.Reset(ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList, $"{AttributeRules.Name(type)} appears more than once"));
            }
            else
            {
                Record(BgpError.Discard(UpdateSubcode.MalformedAttributeList, $"{AttributeRules.Name(type)} appears more than once; kept the first"));
            }
            return;
        }
        _seen[type] = true;

        if (AttributeRules.For(type) is not { } rule)
        {
            Unknown(flags, type, value, whole);
            return;
        }
        if (!AttributeRules.FlagsValid(rule, flags))
        {
            Record(new BgpError(rule.OnMalformed, ErrorCode.UpdateMessage, UpdateSubcode.AttributeFlagsError, whole.ToArray(),
                $"{AttributeRules.Name(type)} has flags 0x{(byte)flags:x2}"));
            return;
        }
        if (DecodeKnown((AttributeType)type, value) is { } problem)
        {
            byte subcode = type switch
            {
                (byte)AttributeType.AsPath => UpdateSubcode.MalformedAsPath,
                (byte)AttributeType.Origin when value.Length == 1 => UpdateSubcode.InvalidOriginAttribute,
                (byte)AttributeType.NextHop when value.Length == 4 => UpdateSubcode.InvalidNextHopAttribute,
                (byte)AttributeType.MpReachNlri or (byte)AttributeType.MpUnreachNlri => UpdateSubcode.OptionalAttributeError,
                _ => UpdateSubcode.AttributeLengthError,
            };
            var action = problem.Action ?? rule.OnMalformed;
            // The offending attribute goes with every error: a NOTIFICATION's data for a reset, what an
            // operator sees for a discard or a treat-as-withdraw.
            Record(new BgpError(action, ErrorCode.UpdateMessage, subcode, whole.ToArray(), $"{AttributeRules.Name(type)}: {problem.Reason}"));
        }
    }

    /// <summary>RFC 4271 §6.3: unknown well-known attributes reset; optional ones pass on (transitive) or are dropped.</summary>
    private void Unknown(AttributeFlags flags, byte type, ReadOnlyMemory<byte> value, ReadOnlySpan<byte> whole)
    {
        if ((flags & AttributeFlags.Optional) == 0)
        {
            Record(BgpError.Reset(ErrorCode.UpdateMessage, UpdateSubcode.UnrecognizedWellKnownAttribute,
                $"unrecognized well-known attribute {type}", whole.ToArray()));
            return;
        }
        if ((flags & AttributeFlags.Transitive) != 0)
        {
            var kept = (flags | AttributeFlags.Partial) & ~AttributeFlags.ExtendedLength;
            (_unknown ??= []).Add(new RawAttribute(kept, type, value.ToArray()));
        }
    }

    /// <summary>RFC 7606 §3 d: reachable NLRI without a mandatory attribute are treated as withdrawn.</summary>
    public void CheckMandatory(bool hasClassicNlri)
    {
        bool reachable = hasClassicNlri || MpReach is { Nlri.IsEmpty: false };
        if (!reachable || Fatal is not null)
        {
            return;
        }
        Require(AttributeType.Origin);
        Require(AttributeType.AsPath);
        if (hasClassicNlri)
        {
            Require(AttributeType.NextHop);
        }
        if (!context.ExternalPeer)
        {
            Require(AttributeType.LocalPref);
        }
    }

    private void Require(AttributeType type)
    {
        if (!_seen[(byte)type])
        {
            Record(new BgpError(ErrorAction.TreatAsWithdraw, ErrorCode.UpdateMessage, UpdateSubcode.MissingWellKnownAttribute,
                [(byte)type], $"mandatory {AttributeRules.Name((byte)type)} is missing"));
        }
    }

    /// <summary>Past this many, errors that change nothing are not kept: a hostile UPDATE of repeated attributes stays cheap.</summary>
    private const int MaxErrorsKept = 16;

    private void Record(BgpError error)
    {
        if (_errors.Count < MaxErrorsKept || error.Action > Strongest)
        {
            _errors.Add(error);
        }
        if (error.Action > Strongest)
        {
            Strongest = error.Action;
        }
        if (error.Action >= ErrorAction.AfiSafiDisable)
        {
            Fatal ??= error;
        }
    }

    /// <summary>The attribute set, with the RFC 6793 AS4_PATH merge applied for 2-octet sessions.</summary>
    public PathAttributes? BuildAttributes()
    {
        bool onlyMp = _count == (_seen[(byte)AttributeType.MpReachNlri] ? 1 : 0) + (_seen[(byte)AttributeType.MpUnreachNlri] ? 1 : 0);
        if (onlyMp)
        {
            return null;
        }
        var asPath = _asPath ?? AsPath.Empty;
        var aggregator = _aggregator;
        if (!context.FourOctetAs && _as4Path is not null)
        {
            // RFC 6793 §4.2.3: a non-AS_TRANS AGGREGATOR beside AS4_AGGREGATOR means an old speaker aggregated: ignore the AS4 pair.
            bool oldAggregated = _aggregator is { } agg && agg.Asn != OpenMessage.AsTrans && _as4Aggregator is not null;
            if (!oldAggregated)
            {
                asPath = AsPathCodec.Merge(asPath, _as4Path);
            }
        }
        if (!context.FourOctetAs && _aggregator is { Asn: OpenMessage.AsTrans } && _as4Aggregator is { } as4Aggregator)
        {
            aggregator = as4Aggregator;
        }
        return new PathAttributes
        {
            Origin = _origin,
            AsPath = asPath,
            MultiExitDisc = _med,
            LocalPref = _localPref,
            AtomicAggregate = _atomicAggregate,
            Aggregator = aggregator,
            Communities = _communities,
            ExtendedCommunities = _extendedCommunities,
            LargeCommunities = _largeCommunities,
            OriginatorId = _originatorId,
            ClusterList = _clusterList,
            Unknown = _unknown is null ? [] : [.. _unknown],
        };
    }
}
