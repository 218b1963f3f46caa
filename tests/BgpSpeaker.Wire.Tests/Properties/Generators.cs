using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;
using CsCheck;

namespace BgpSpeaker.Wire.Tests.Properties;

/// <summary>CsCheck generators for the codec's values.</summary>
public static class Generators
{
    public static readonly Gen<Prefix> V4Prefix = Gen.Select(Gen.UInt, Gen.Int[0, 32], (a, l) => Prefix.V4(a, l));

    public static readonly Gen<Prefix> V6Prefix = Gen.Select(Gen.ULong, Gen.ULong, Gen.Int[0, 128], (hi, lo, l) => Prefix.V6(new UInt128(hi, lo), l));

    public static Gen<NlriEntry> Entry(Gen<Prefix> prefix, bool pathId) =>
        Gen.Select(prefix, pathId ? Gen.UInt : Gen.Const(0u), (p, id) => new NlriEntry(p, id));

    /// <summary>Unicast IPv4 next hops outside the ranges RFC 4271 rejects.</summary>
    public static readonly Gen<uint> V4NextHop = Gen.UInt[0x01000000, 0x7EFFFFFF];

    private static readonly Gen<uint[]> Asns = Gen.UInt.Array[1, 12];

    private static Gen<AsPathSegment> Segment(bool allowConfed) =>
        Gen.Select(allowConfed ? Gen.Int[1, 4] : Gen.OneOfConst(1, 2), Asns, (t, a) => new AsPathSegment((AsPathSegmentType)t, a));

    public static Gen<AsPath> Path(bool allowConfed) =>
        Segment(allowConfed).Array[0, 4].Select(s => s.Length == 0 ? AsPath.Empty : new AsPath(s));

    private static Gen<uint?> Optional(Gen<uint> gen) => Gen.Select(Gen.Bool, gen, (has, v) => has ? v : (uint?)null);

    private static readonly Gen<RawAttribute[]> Unknown =
        Gen.Int[100, 120].HashSet[0, 3].SelectMany(codes => Gen.Byte.Array[0, 300].Array[codes.Count].Select(values =>
            codes.Order().Select((code, i) => new RawAttribute(
                AttributeFlags.Optional | AttributeFlags.Transitive | AttributeFlags.Partial, (byte)code, values[i])).ToArray()));

    /// <summary>Attribute sets; LOCAL_PREF only where the session is internal.</summary>
    public static Gen<PathAttributes> Attributes(bool internalPeer, bool fourOctet) =>
        Gen.Select(
            Gen.Int[0, 2],
            Path(allowConfed: fourOctet),
            Optional(Gen.UInt),
            Optional(Gen.UInt),
            Gen.Bool,
            Gen.Select(Gen.Bool, Gen.UInt, Gen.UInt, (has, asn, address) => has ? new Aggregator(fourOctet ? asn : Math.Max(asn, 1), address) : (Aggregator?)null),
            Gen.Select(Gen.UInt.Array[0, 6], Gen.ULong.Array[0, 4], Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, (g, a, b) => new LargeCommunity(g, a, b)).Array[0, 3]),
            Gen.Select(Optional(Gen.UInt), Gen.UInt.Array[0, 3], Unknown),
            (origin, path, med, localPref, atomic, aggregator, communities, rest) => new PathAttributes
            {
                Origin = (Origin)origin,
                AsPath = path,
                MultiExitDisc = med,
                LocalPref = internalPeer ? localPref ?? 100 : null,
                AtomicAggregate = atomic,
                Aggregator = aggregator is { Asn: Wire.Messages.OpenMessage.AsTrans } ? null : aggregator,
                Communities = [.. communities.Item1.Select(c => new Community(c))],
                ExtendedCommunities = [.. communities.Item2.Select(c => new ExtendedCommunity(c))],
                LargeCommunities = communities.Item3,
                OriginatorId = internalPeer ? rest.Item1 : null,
                ClusterList = internalPeer ? rest.Item2 : [],
                Unknown = rest.Item3,
            });

    public static readonly Gen<NextHop> V6NextHop = Gen.OneOf(
        Gen.Select(Gen.ULong, Gen.ULong, (h, l) => NextHop.V6(new UInt128(h | 1, l))),
        Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, (h, l, ll) => NextHop.V6(new UInt128(h | 1, l), IpAddresses.ParseV6("fe80::") | ll)),
        Gen.ULong.Select(ll => NextHop.V6(IpAddresses.ParseV6("fe80::") | ll, IpAddresses.ParseV6("fe80::") | ll)));
}
