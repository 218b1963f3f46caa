using System.Buffers;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Routing.Tests.RoutingCoreTests;

namespace BgpSpeaker.Routing.Tests;

/// <summary>Import and export policies where the routing core applies them, re-export after a policy change, and compaction.</summary>
public class PolicyInCoreTests
{
    private const uint LocalAs = 65010;

    private static readonly Dictionary<string, PrefixList> Lists = new()
    {
        ["bogons"] = new("bogons", [PrefixListEntry.Create(Prefix.Parse("10.99.0.0/16"), le: 32)]),
    };

    private static readonly PolicyDefinition RejectBogonsRaisePreference = new("in", [
        new PolicyTerm { Match = new() { PrefixLists = ["bogons"] }, Action = PolicyAction.Reject },
        new PolicyTerm { Set = new() { LocalPref = 250 }, Action = PolicyAction.Accept },
    ]);

    private static readonly PolicyDefinition TagEverything = new("tag", [
        new PolicyTerm { Set = new() { AddCommunities = [new Community(65010, 999)] }, Action = PolicyAction.Accept },
    ]);

    private static PolicyCache Cache(RoutingCore core, PolicyDefinition definition) =>
        new(RoutePolicy.Compile(definition, Lists, LocalAs), core.Attributes);

    private static PolicyCache Preset(RoutingCore core, string name) => new(PolicyPresets.Compile(name, LocalAs), core.Attributes);

    private static ExportTarget Target(PeerInfo peer, PolicyCache? policy) =>
        new(peer, LocalAs, new CodecContext { FourOctetAs = true }, new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast }, NextHop.V4(0x0AFF0101), null, policy);

    private static List<UpdateMessage> Decode(ArrayBufferWriter<byte> output) =>
        [.. MessageDecoder.DecodeAll(output.WrittenSpan.ToArray(), new CodecContext { FourOctetAs = true }).Select(r => (UpdateMessage)r.Result.Message!)];

    [Fact]
    public void ImportPolicyMatchingPrefixListsDecidesPerPrefixAndSetsAttributes()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        var import = Cache(core, RejectBogonsRaisePreference);

        var change = core.Apply(leaf.Id, Announce([65001], 1, "0.0.0.0/0", "10.99.1.0/24", "10.1.0.0/16"), import: import).Change;
        core.Process();

        Assert.Equal(new RibChange(2, 0) { Received = 3, RejectedByPolicy = 1 }, change);
        Assert.Equal(2, core.ReceivedCount(leaf.Id));
        Assert.False(core.V4.TryGet(V4Key.From(Prefix.Parse("10.99.1.0/24")), out _));
        Assert.True(core.V4.TryGet(V4Key.From(Prefix.Parse("10.1.0.0/16")), out var best));
        Assert.Equal(250u, core.Attributes[best.AttributeId].Attributes.LocalPref);
    }

    [Fact]
    public void ARouteTheImportPolicyNowRejectsReplacesTheStoredOne()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        core.Apply(leaf.Id, Announce([65001], 1, "10.99.1.0/24"));
        Assert.Equal(1, core.ReceivedCount(leaf.Id));

        // The route again (a route refresh after a policy change), under a policy that refuses it.
        var change = core.Apply(leaf.Id, Announce([65001], 1, "10.99.1.0/24"), import: Cache(core, RejectBogonsRaisePreference)).Change;

        Assert.Equal(new RibChange(0, 1) { Received = 1, RejectedByPolicy = 1 }, change);
        Assert.Equal(0, core.ReceivedCount(leaf.Id));
    }

    [Fact]
    public void PolicyWithoutPrefixListsIsEvaluatedOncePerUpdate()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        var import = Cache(core, TagEverything);

        core.Apply(leaf.Id, Announce([65001], 1, "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"), import: import);

        Assert.Equal(1, import.Count); // one outcome remembered for the whole block
        Assert.Equal(3, core.ReceivedCount(leaf.Id));
    }

    [Fact]
    public void LocalRoutesPresetSendsOurNetworksAndRedistributedRoutesButNoTransit()
    {
        var core = new RoutingCore();
        var local = core.AddPeer("local", external: false, local: true);
        var leaf1 = core.AddPeer("leaf1", external: true);
        var leaf2 = core.AddPeer("leaf2", external: true);
        var metallb = core.AddPeer("metallb", external: true, redistributed: true);
        core.Originate(local.Id, Prefix.Parse("10.0.0.10/32"), new PathAttributes { Origin = Origin.Igp }, NextHop.V4(0));
        core.Apply(leaf2.Id, Announce([65002], 2, "0.0.0.0/0"));
        core.Apply(metallb.Id, Announce([64512], 3, "192.0.2.200/32"));
        var output = new ArrayBufferWriter<byte>();

        UpdateBuilder.Changes(output, core, Target(leaf1, Preset(core, PolicyPresets.LocalRoutes)), core.Process());

        Assert.Equal(["10.0.0.10/32", "192.0.2.200/32"], Decode(output).SelectMany(u => u.Nlri.ToList()).Select(e => e.Prefix.ToString()).Order());
    }

    [Fact]
    public void ExportPolicyEditsWhatIsSentAfterOurOwnRewrite()
    {
        var core = new RoutingCore();
        var leaf1 = core.AddPeer("leaf1", external: true);
        var leaf2 = core.AddPeer("leaf2", external: true);
        core.Apply(leaf2.Id, Announce([65002], 2, "10.2.0.0/16"));
        var output = new ArrayBufferWriter<byte>();

        UpdateBuilder.Changes(output, core, Target(leaf1, Cache(core, TagEverything)), core.Process());

        var sent = Assert.Single(Decode(output));
        Assert.Equal("65010 65002", sent.Attributes!.AsPath.ToString());
        Assert.Equal([new Community(65010, 999)], sent.Attributes.Communities);
        Assert.Equal(0x0AFF0101u, (uint)sent.NextHop!.Value.Address);
    }

    [Fact]
    public void ReexportSendsOnlyTheDifferenceBetweenTwoPolicies()
    {
        var core = new RoutingCore();
        var local = core.AddPeer("local", external: false, local: true);
        var leaf1 = core.AddPeer("leaf1", external: true);
        var leaf2 = core.AddPeer("leaf2", external: true);
        core.Originate(local.Id, Prefix.Parse("10.0.0.10/32"), new PathAttributes { Origin = Origin.Igp }, NextHop.V4(0));
        core.Apply(leaf2.Id, Announce([65002], 2, "0.0.0.0/0"));
        core.Process();
        var before = Target(leaf1, Preset(core, PolicyPresets.Accept));
        var after = Target(leaf1, Preset(core, PolicyPresets.LocalRoutes));
        var output = new ArrayBufferWriter<byte>();

        var (_, announced, withdrawn, net) = UpdateBuilder.Reexport(output, core, before, after);

        // The node /32 is sent either way (nothing to send again); the leaf's default route must go.
        Assert.Equal((0, 1, -1), (announced, withdrawn, net));
        Assert.Equal(["0.0.0.0/0"], Decode(output).SelectMany(u => u.Withdrawn.ToList()).Select(e => e.Prefix.ToString()));
    }

    [Fact]
    public void UpdatesAreGroupedByAttributeSetWhateverTheOrderOfChanges()
    {
        var core = new RoutingCore();
        var leaf1 = core.AddPeer("leaf1", external: true);
        var leaf2 = core.AddPeer("leaf2", external: true);
        // Two attribute sets, their prefixes interleaved in one decision run.
        for (int i = 0; i < 200; i++)
        {
            core.Apply(leaf2.Id, Announce([65002, (uint)(64600 + (i % 2))], 2, $"10.{i}.0.0/16"));
        }
        var output = new ArrayBufferWriter<byte>();

        var (updates, announced, _, _) = UpdateBuilder.Changes(output, core, Target(leaf1, null), core.Process());

        Assert.Equal((2, 200), (updates, announced));
        Assert.All(Decode(output), u => Assert.Equal(100, u.Nlri.Count));
    }

    [Fact]
    public void CompactKeepsEveryRoute()
    {
        var core = new RoutingCore();
        var feeder = core.AddPeer("feeder", external: true);
        var prefixes = Consecutive24s(30_000);
        core.Apply(feeder.Id, AnnounceAll(prefixes));
        var changes = core.Process();
        Assert.Equal(30_000, changes.V4.Count);

        core.Compact();

        Assert.Equal(30_000, core.V4.Count);
        Assert.Equal(30_000, core.ReceivedCount(feeder.Id));
        Assert.All(prefixes, p => Assert.True(core.V4.TryGet(V4Key.From(p), out _)));
        Assert.Equal(0, changes.V4.Capacity); // the last run's change list gave its buffer back
        core.Apply(feeder.Id, new UpdateMessage { Withdrawn = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, prefixes[..10]) });
        Assert.Equal(10, core.Process().V4.Count);
    }

    [Fact]
    public void AnExportTargetThatReleasedItsBuffersPacksTheSameUpdates()
    {
        var core = new RoutingCore();
        var feeder = core.AddPeer("feeder", external: true);
        var sink = core.AddPeer("sink", external: true);
        var target = Target(sink, null);
        core.Apply(feeder.Id, AnnounceAll(Consecutive24s(20_000)));
        var changes = core.Process();
        var first = new ArrayBufferWriter<byte>();
        UpdateBuilder.Changes(first, core, target, changes);
        Assert.True(target.Groups.BufferedEntries >= 20_000);

        target.ReleaseBuffers();

        Assert.Equal(0, target.Groups.BufferedEntries);
        var second = new ArrayBufferWriter<byte>();
        UpdateBuilder.Changes(second, core, target, changes);
        Assert.Equal(first.WrittenSpan.ToArray(), second.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(65_535, int.MaxValue, 255)]
    [InlineData(3, 123_456_789, 16)]
    public void BestRoutePacksIntoOneWordAndBack(int peer, int attributeId, byte paths)
    {
        var rib = new LocRib<V4Key>();
        var key = V4Key.From(Prefix.Parse("10.0.0.0/8"));

        rib.Set(key, new BestRoute(peer, attributeId, paths));

        Assert.True(rib.TryGet(key, out var best));
        Assert.Equal(new BestRoute(peer, attributeId, paths), best);
    }
}

public class AttributeReleaseTests
{
    [Fact]
    public void SetsNoRouteUsesAreReleasedAndTheRestStayAddressable()
    {
        var core = new RoutingCore();
        var leaf = core.AddPeer("leaf", external: true);
        for (uint med = 0; med < 50; med++)
        {
            // The same prefix, a new MED each time: 49 sets end up unused.
            core.Apply(leaf.Id, new UpdateMessage
            {
                Attributes = new PathAttributes { AsPath = AsPath.FromSequence(65001), MultiExitDisc = med },
                NextHop = NextHop.V4(1),
                Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, [Prefix.Parse("10.1.0.0/16")]),
            });
            core.Process();
        }
        Assert.Equal(50, core.Attributes.Count);

        Assert.Equal(49, core.ReleaseUnusedAttributes());

        Assert.Equal(1, core.Attributes.Count);
        Assert.True(core.V4.TryGet(V4Key.From(Prefix.Parse("10.1.0.0/16")), out var best));
        Assert.Equal(49u, core.Attributes[best.AttributeId].Attributes.MultiExitDisc);
        Assert.Throws<InvalidOperationException>(() => core.Attributes[0]);
        // A released set comes back under a new id when it is seen again.
        var again = core.Attributes.Intern(new PathAttributes { AsPath = AsPath.FromSequence(65001), MultiExitDisc = 0 }, NextHop.V4(1));
        Assert.Equal(50, again.Id);
    }
}
