using System.Text;

namespace BgpSpeaker.Interop.Tests;

/// <summary>bgpd configuration of an FRR leaf peering with the node.</summary>
internal sealed record LeafConfig(string Name, uint Asn, string RouterId, string Neighbor, string Family)
{
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>Extra lines under "router bgp" (password, ttl-security, ...).</summary>
    public IReadOnlyList<string> NeighborLines { get; init; } = [];

    /// <summary>Communities set on everything the leaf announces to the node.</summary>
    public string? Communities { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"frr defaults traditional\nhostname {Name}\nlog timestamp precision 3\n!\n");
        if (Communities is not null)
        {
            text.Append($"route-map TO-NODE permit 10\n set community {Communities}\nexit\n!\n");
        }
        text.Append($"router bgp {Asn}\n bgp router-id {RouterId}\n bgp log-neighbor-changes\n no bgp ebgp-requires-policy\n no bgp network import-check\n no bgp default ipv4-unicast\n");
        text.Append($" neighbor {Neighbor} remote-as 65010\n neighbor {Neighbor} timers 3 9\n neighbor {Neighbor} timers connect 1\n");
        foreach (var line in NeighborLines)
        {
            text.Append($" neighbor {Neighbor} {line}\n");
        }
        text.Append($" address-family {Family} unicast\n  neighbor {Neighbor} activate\n");
        if (Communities is not null)
        {
            text.Append($"  neighbor {Neighbor} route-map TO-NODE out\n");
        }
        foreach (var network in Networks)
        {
            text.Append($"  network {network}\n");
        }
        text.Append(" exit-address-family\nexit\n");
        return text.ToString();
    }
}
