using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;
using CsCheck;
using static BgpSpeaker.Routing.Tests.Policy.PolicyFixtures;

namespace BgpSpeaker.Routing.Tests.Policy;

public class PolicyCacheTests
{
    private static readonly NextHop Hop = NextHop.V4(IpAddresses.ParseV4("10.255.0.1"));

    private static readonly RoutePolicy TagNodes = Build(PolicyAction.Accept,
        new PolicyTerm { Match = new() { PrefixLists = ["nodes"] }, Set = new() { AddCommunities = [C(65010, 100)] }, Action = PolicyAction.Accept },
        new PolicyTerm { Match = new() { PrefixLists = ["fabric"] }, Action = PolicyAction.Reject });

    [Fact]
    public void HitReturnsTheSameInternedResult()
    {
        var store = new AttributeStore();
        var cache = new PolicyCache(TagNodes, store);
        var route = store.Intern(Attrs(), Hop);

        var first = cache.Apply(Node, route, RouteSource.Learned);
        var second = cache.Apply(Prefix.Parse("10.0.0.11/32"), route, RouteSource.Learned);

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Same(first, store.Intern(first.Attributes, Hop));
        Assert.Equal([C(65010, 100)], first.Attributes.Communities);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void PrefixesMatchingDifferentListsAreKeptApart()
    {
        var store = new AttributeStore();
        var cache = new PolicyCache(TagNodes, store);
        var route = store.Intern(Attrs(), Hop);

        var node = cache.Apply(Node, route, RouteSource.Learned);
        var fabric = cache.Apply(Fabric, route, RouteSource.Learned);
        var other = cache.Apply(Prefix.Parse("192.0.2.0/24"), route, RouteSource.Learned);

        Assert.NotSame(route, node);
        Assert.Null(fabric);
        Assert.Same(route, other); // accepted unchanged: the input instance
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void SourceAndFamilyAreKeptApart()
    {
        var store = new AttributeStore();
        var cache = new PolicyCache(Build(Accept(new() { Sources = RouteSources.Networks, Family = Afi.Ipv4 })), store);
        var route = store.Intern(Attrs(), Hop);

        Assert.Same(route, cache.Apply(Node, route, RouteSource.Networks));
        Assert.Null(cache.Apply(Node, route, RouteSource.Learned));
        Assert.Null(cache.Apply(V6, route, RouteSource.Networks));
    }

    [Fact]
    public void HitAllocatesNothingAndPolicyWithoutListsComputesNoMask()
    {
        var store = new AttributeStore();
        var cache = new PolicyCache(Build(new PolicyTerm { Set = new() { Med = 3 }, Action = PolicyAction.Accept }), store);
        var route = store.Intern(Attrs(), Hop);
        Assert.False(cache.Policy.UsesPrefixLists);
        cache.Apply(Node, route, RouteSource.Learned);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            cache.Apply(Prefix.V4((uint)i << 8, 24), route, RouteSource.Learned);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void MaskHasOneBitPerReferencedList()
    {
        Assert.Equal(["nodes", "fabric"], TagNodes.PrefixLists.Select(l => l.Name));
        Assert.Equal(0b01UL, TagNodes.MatchPrefixLists(Node));
        Assert.Equal(0b10UL, TagNodes.MatchPrefixLists(Fabric));
        Assert.Equal(0b10UL, TagNodes.MatchPrefixLists(V6));
        Assert.Equal(0UL, TagNodes.MatchPrefixLists(Prefix.Parse("192.0.2.0/24")));
    }

    [Fact]
    public void PresetsShortCutTheCache()
    {
        var store = new AttributeStore();
        var route = store.Intern(Attrs(), Hop);

        Assert.Same(route, new PolicyCache(PolicyPresets.Compile("accept", LocalAs), store).Apply(Node, route, RouteSource.Learned));
        Assert.Null(new PolicyCache(PolicyPresets.Compile("reject", LocalAs), store).Apply(Node, route, RouteSource.Learned));
    }

    // Random policies over a small vocabulary so that conditions actually hit.
    private static readonly Community[] Vocabulary = [C(1, 1), C(1, 2), C(2, 1), C(65010, 100)];
    private static readonly Prefix[] Prefixes =
        [.. new[] { "10.0.0.10/32", "10.0.0.0/24", "10.1.0.0/16", "10.1.2.0/24", "0.0.0.0/0", "192.0.2.1/32", "2001:db8:1::/48", "2001:db8::1/128", "::/0" }.Select(Prefix.Parse)];

    private static readonly Gen<Community[]> GenCommunities = Gen.Int[0, Vocabulary.Length - 1].Array[0, 3].Select(ix => ix.Select(i => Vocabulary[i]).ToArray());

    private static readonly Gen<MatchConditions> GenMatch = Gen.Select(
        Gen.OneOfConst("nodes", "fabric", "hosts").Array[0, 2],
        GenCommunities,
        Gen.UInt[65001, 65004].Array[0, 2],
        Gen.Int[0, 4].Select(n => n == 0 ? (int?)null : n),
        Gen.Int[0, 2].Select(f => f switch { 1 => Afi.Ipv4, 2 => Afi.Ipv6, _ => (Afi?)null }),
        Gen.Int[1, 7].Select(s => (RouteSources)s),
        (lists, communities, asns, length, family, sources) => new MatchConditions
        {
            PrefixLists = [.. lists.Distinct()], Communities = [.. communities], AsPathContains = [.. asns],
            AsPathMaxLength = length, Family = family, Sources = sources,
        });

    private static readonly Gen<SetActions> GenSet = Gen.Select(
        Gen.UInt[0, 3].Select(v => v == 0 ? (uint?)null : v * 100),
        Gen.UInt[0, 3].Select(v => v == 0 ? (uint?)null : v),
        GenCommunities, GenCommunities,
        Gen.Int[0, 3],
        (localPref, med, add, delete, prepend) => new SetActions
        {
            LocalPref = localPref, Med = med, AddCommunities = [.. add], DeleteCommunities = [.. delete],
            Prepend = prepend == 0 ? null : new AsPrepend(null, prepend),
        });

    private static readonly Gen<PolicyTerm> GenTerm = Gen.Select(GenMatch, GenSet, Gen.Enum<PolicyAction>(),
        (match, set, action) => new PolicyTerm { Match = match, Set = set, Action = action });

    private static readonly Gen<RoutePolicy> GenPolicy = Gen.Select(GenTerm.Array[0, 4], Gen.Enum<PolicyAction>(),
        (terms, fallback) => Build(fallback, terms));

    private static readonly Gen<(int Prefix, uint[] Path, Community[] Communities, RouteSource Source)> GenRoute = Gen.Select(
        Gen.Int[0, Prefixes.Length - 1], Gen.UInt[65001, 65004].Array[0, 4], GenCommunities, Gen.Enum<RouteSource>());

    [Fact]
    public void CachedEvaluationEqualsUncached()
    {
        Gen.Select(GenPolicy, GenRoute.Array[1, 30]).Sample((policy, routes) =>
        {
            var store = new AttributeStore();
            var cache = new PolicyCache(policy, store);
            // Twice, so the second pass is served from the cache.
            foreach (var (p, path, communities, source) in routes.Concat(routes))
            {
                var attributes = Attrs(path: path, communities: communities);
                var prefix = Prefixes[p];
                var expected = policy.Evaluate(new RouteContext(prefix, attributes, source));
                var cached = cache.Apply(prefix, store.Intern(attributes, Hop), source);
                if (expected.IsAccepted != cached is not null
                    || (cached is not null && (!cached.Attributes.Equals(expected.Attributes) || cached.NextHop != Hop || cached.Id < 0)))
                {
                    return false;
                }
            }
            return true;
        }, iter: 500);
    }
}
