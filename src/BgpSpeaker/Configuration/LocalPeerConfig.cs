using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration;

/// <summary>
/// A local load-balancer speaker (MetalLB's or Cilium's) on this node: no address is configured, any
/// address inside <see cref="Ranges"/> (or arriving on <see cref="Interface"/>) may connect, up to
/// <see cref="MaxPeers"/> sessions at once. Its routes are accepted only as host routes inside
/// <see cref="Pools"/> and redistributed to the fabric with our next hop; nothing is sent to it unless
/// its export policy says so.
/// </summary>
public sealed record LocalPeerConfig
{
    /// <summary>Names the entry and its sessions ("metallb" → metallb-1, metallb-2, ...).</summary>
    public required string Name { get; init; }

    /// <summary>Source addresses that may connect; empty when only <see cref="Interface"/> decides.</summary>
    public ValueList<Prefix> Ranges { get; init; } = [];

    /// <summary>The connection must arrive on this interface (the veth to the load balancer), when set.</summary>
    public string? Interface { get; init; }

    /// <summary>At most this many sessions at once; a further connection is refused and counted.</summary>
    public int MaxPeers { get; init; } = DefaultMaxPeers;

    public const int DefaultMaxPeers = 4;

    /// <summary>The addresses the load balancer hands out: only /32 and /128 inside them are accepted.</summary>
    public ValueList<Prefix> Pools { get; init; } = [];

    /// <summary>
    /// The settings each session gets: passive, redistributed, its import the pools gate (then the
    /// operator's policy, when named), its export <c>reject</c> unless given.
    /// </summary>
    public required NeighborConfig Session { get; init; }

    /// <summary>The prefix list the loader builds from <see cref="Pools"/>, and the import policy that gates on it.</summary>
    public string PoolsListName => $"localPeers.{Name}.pools";

    public string ImportPolicyName => $"localPeers.{Name}.import";

    /// <summary>
    /// The entry as a reload compares it for a restart: the pools live on as the gate policy (which a
    /// reload applies in place), as does the import policy it names.
    /// </summary>
    public LocalPeerConfig WithoutPools => this with { Pools = [], Session = Session with { Import = PolicyReference.Accept } };

    /// <summary>Whether a connection from <paramref name="address"/> belongs here, by source range (the interface is checked by the caller).</summary>
    public bool InRange(System.Net.IPAddress address)
    {
        if (Ranges.Count == 0)
        {
            return true;
        }
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var host = new Prefix(mapped.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? Afi.Ipv4 : Afi.Ipv6,
            IpAddresses.ToBits(mapped), mapped.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return Ranges.Any(r => r.Contains(host));
    }
}
