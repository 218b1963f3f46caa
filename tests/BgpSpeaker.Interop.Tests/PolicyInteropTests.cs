using System.Text.Json;
using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>
/// Named policies against FRR: an export policy that edits communities, MED and the AS path of the
/// node's own address and passes the VIP unchanged, and an import policy that refuses a prefix list
/// and raises local preference. FRR must hold exactly the expected routes with exactly those attributes.
/// </summary>
public sealed class PolicyInteropTests : InteropTestBase
{
    private const string Policies = """
        prefixLists:
          node-addresses: ["10.0.0.0/24 ge 32"]
          bogons: ["10.99.0.0/16 le 32"]
        policies:
          to-leaf:
            terms:
              - match: { prefixLists: node-addresses }
                set:
                  communities: { add: ["65010:999"], delete: ["65010:100"] }
                  largeCommunities: { delete: ["65010:1:2"] }
                  med: 50
                  prepend: 2
                action: accept
              - match: { source: networks }
                action: accept
            default: reject
          from-leaf:
            terms:
              - match: { prefixLists: bogons }
                action: reject
              - match: { communities: ["65001:7"] }
                set: { localPref: 250, communities: { add: ["65010:1"] } }
                action: accept
            default: reject
        """;

    [Fact]
    public async Task LeafReceivesExactlyWhatTheExportPolicyAllowsAndTheNodeKeepsWhatTheImportPolicyAllows()
    {
        var (leaf, node) = await Ipv4LabAsync(leafNetworks: ["0.0.0.0/0", "10.1.0.0/16", "10.99.1.0/24"], nodeYaml: Ipv4NodeYaml("from-leaf", "to-leaf", topLevel: Policies));
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");

        // Import: the bogon is refused; the rest is kept with local preference 250 and our community added.
        await Wait.UntilAsync(async () => Routes(await node.ShowAsync("routes")).Count == 2, TimeSpan.FromSeconds(15), "bgpspeaker to hold leaf1's routes", _lab.Diagnostics);
        var learned = Routes(await node.ShowAsync("routes")).ToDictionary(r => r.GetProperty("prefix").GetString()!);
        Assert.Equal(["0.0.0.0/0", "10.1.0.0/16"], learned.Keys.Order());
        foreach (var route in learned.Values)
        {
            Assert.Equal(250, route.GetProperty("localPref").GetInt32());
            Assert.Equal(["65001:7", "65010:1"], route.GetProperty("communities").EnumerateArray().Select(c => c.GetString()));
        }

        // Export: the node's /32 edited, the VIP as it was, nothing else (not the leaf's own routes back).
        await Wait.UntilAsync(async () => (await ReceivedFromAsync(leaf, "ipv4", "10.255.1.1")).Count == 2, TimeSpan.FromSeconds(15), "leaf1 to receive the node's routes", _lab.Diagnostics);
        Assert.Equal(["10.0.0.10/32", "192.0.2.100/32"], await ReceivedFromAsync(leaf, "ipv4", "10.255.1.1"));
        var edited = await PathAsync(leaf, "10.0.0.10/32");
        Assert.Equal("65010 65010 65010", edited.GetProperty("aspath").GetProperty("string").GetString());
        Assert.Equal(50, edited.GetProperty("metric").GetInt32());
        Assert.Equal("65010:999", edited.GetProperty("community").GetProperty("string").GetString());
        Assert.False(edited.TryGetProperty("largeCommunity", out _), $"the large community should be deleted: {edited}");
        var vip = await PathAsync(leaf, "192.0.2.100/32");
        Assert.Equal("65010", vip.GetProperty("aspath").GetProperty("string").GetString());
        Assert.False(vip.TryGetProperty("metric", out _), $"no MED on the VIP: {vip}");
    }

    [Fact]
    public async Task ReloadAppliesNewPoliciesWithoutResettingTheSession()
    {
        var (leaf, node) = await Ipv4LabAsync(leafNetworks: ["0.0.0.0/0", "10.99.1.0/24"], nodeYaml: Ipv4NodeYaml("accept", "local-routes", topLevel: Policies));
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");
        await Wait.UntilAsync(async () => Routes(await node.ShowAsync("routes")).Count == 2 && (await ReceivedFromAsync(leaf, "ipv4", "10.255.1.1")).Count == 2,
            TimeSpan.FromSeconds(15), "both sides to hold each other's routes", _lab.Diagnostics);

        // New import and export policies: the peer is asked to resend (route refresh) and gets only the difference.
        await node.ReloadAsync(Ipv4NodeYaml("from-leaf", "to-leaf", topLevel: Policies));
        await Wait.UntilAsync(async () => Routes(await node.ShowAsync("routes")).Count == 1
            && (await PathAsync(leaf, "10.0.0.10/32")).GetProperty("aspath").GetProperty("string").GetString() == "65010 65010 65010",
            TimeSpan.FromSeconds(15), "the new policies to apply", () => $"exited: {node.HasExited}\n{_lab.Diagnostics()}");
        Assert.Equal("0.0.0.0/0", Routes(await node.ShowAsync("routes"))[0].GetProperty("prefix").GetString());
        Assert.Equal(250, Routes(await node.ShowAsync("routes"))[0].GetProperty("localPref").GetInt32());
        Assert.Equal(["10.0.0.10/32", "192.0.2.100/32"], await ReceivedFromAsync(leaf, "ipv4", "10.255.1.1"));

        // ... on the same session: no flap on either side.
        Assert.Equal(0, (await node.NeighborAsync("leaf1")).GetProperty("flaps").GetInt32());
        var frrNeighbor = (await leaf.JsonAsync("show bgp neighbors 10.255.1.1 json")).GetProperty("10.255.1.1");
        Assert.Equal(1, frrNeighbor.GetProperty("connectionsEstablished").GetInt32());
        Assert.Contains("reloaded", node.Log, StringComparison.Ordinal);

        // A broken file is refused and the running configuration stays.
        await node.ReloadAsync("asn: [oops\n");
        await Wait.UntilAsync(() => Task.FromResult(node.Log.Contains("refused", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the bad reload to be refused", _lab.Diagnostics);
        Assert.Equal(["10.0.0.10/32", "192.0.2.100/32"], await ReceivedFromAsync(leaf, "ipv4", "10.255.1.1"));
        Assert.Equal("Established", (await node.NeighborAsync("leaf1")).GetProperty("state").GetString());
    }

    private static async Task<JsonElement> PathAsync(Frr frr, string prefix) =>
        (await frr.JsonAsync($"show bgp ipv4 unicast {prefix} json")).GetProperty("paths")[0];
}
