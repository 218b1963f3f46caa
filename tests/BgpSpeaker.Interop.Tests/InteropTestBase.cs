using System.Text.Json;
using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>The standard lab: a node running bgpspeaker and FRR leaves, built per test and always removed.</summary>
public abstract class InteropTestBase : IAsyncLifetime
{
    private protected NetLab _lab = null!;

    public async Task InitializeAsync() => _lab = await NetLab.CreateAsync();

    public async Task DisposeAsync() => await _lab.DisposeAsync();

    protected const string NodeYaml = """
        asn: 65010
        routerId: 10.0.0.10
        hostname: node-1
        timers: { holdTime: 9, keepalive: 3, connectRetry: 1 }
        neighbors:
        {0}
        networks:
          - prefix: 10.0.0.10/32
            communities: ["65010:100"]
            largeCommunities: ["65010:1:2"]
          - prefix: 192.0.2.100/32
          - prefix: 2001:db8:100::10/128
        """;

    /// <summary>The node's configuration with these neighbors, and <paramref name="topLevel"/> (prefix lists, policies) appended.</summary>
    protected static string Yaml(string neighbors, string topLevel = "") =>
        NodeYaml.Replace("{0}", neighbors, StringComparison.Ordinal) + "\n" + topLevel;

    /// <summary>The prefixes an FRR speaker holds from one neighbor ("show bgp … neighbors X routes").</summary>
    private protected static async Task<SortedSet<string>> ReceivedFromAsync(Frr frr, string family, string neighbor) =>
        [.. (await frr.JsonAsync($"show bgp {family} unicast neighbors {neighbor} routes json")).GetProperty("routes").EnumerateObject().Select(r => r.Name)];

    /// <summary>The node's configuration for the IPv4 lab: leaf1 with these policies and extra settings.</summary>
    private protected static string Ipv4NodeYaml(string import = "accept", string export = "accept", string neighborYaml = "", string topLevel = "") => Yaml($"""
          - address: 10.255.1.0
            remoteAs: 65001
            description: leaf1
            import: {import}
            export: {export}
        {neighborYaml}
        """, topLevel);

    /// <summary>node (bgpspeaker) —eth1— leaf1 (FRR, AS 65001) over 10.255.1.0/31.</summary>
    /// <param name="nodeYaml">The node's whole configuration; by default <see cref="Ipv4NodeYaml"/> with <paramref name="neighborYaml"/>.</param>
    private protected async Task<(Frr Leaf, Speaker Node)> Ipv4LabAsync(string neighborYaml = "", IReadOnlyList<string>? leafLines = null,
        IReadOnlyList<string>? leafNetworks = null, string? nodeYaml = null)
    {
        var leaf = await Ipv4LeafAsync(leafLines, leafNetworks);
        var node = await _lab.StartSpeakerAsync("node", nodeYaml ?? Ipv4NodeYaml(neighborYaml: neighborYaml));
        return (leaf, node);
    }

    /// <summary>The namespaces "node" and "leaf1", the link between them, and FRR running in leaf1 (the node's speaker is the caller's).</summary>
    private protected async Task<Frr> Ipv4LeafAsync(IReadOnlyList<string>? leafLines = null, IReadOnlyList<string>? leafNetworks = null)
    {
        await _lab.AddNamespacesAsync("node", "leaf1");
        await _lab.LinkAsync("node", "eth1", "leaf1", "eth0");
        await _lab.AddressAsync("node", "eth1", "10.255.1.1/31");
        await _lab.AddressAsync("leaf1", "eth0", "10.255.1.0/31");
        return await _lab.StartFrrAsync("leaf1", "leaf1", new LeafConfig("leaf1", 65001, "10.255.255.1", "10.255.1.1", "ipv4")
        {
            Networks = leafNetworks ?? ["0.0.0.0/0", "10.1.0.0/16"],
            Communities = "65001:7",
            NeighborLines = leafLines ?? [],
        }.ToString());
    }

    private protected Task EstablishedAsync(Frr leaf, string neighbor, Speaker node, string name) => Wait.UntilAsync(async () =>
        await leaf.NeighborStateAsync(neighbor) == "Established"
        && (await node.NeighborAsync(name)).GetProperty("state").GetString() == "Established",
        TimeSpan.FromSeconds(30), $"{leaf.Name} and bgpspeaker to be Established", _lab.Diagnostics);

    /// <summary>Learned routes in the Loc-RIB (our own networks, from "local", left out).</summary>
    private protected static List<JsonElement> Routes(JsonElement show) =>
        [.. show.GetProperty("routes").EnumerateArray().Where(r => r.GetProperty("peer").GetString() != "local")];

}
