using System.Net;

namespace BgpSpeaker.Transport;

/// <summary>How a neighbor is recognised by the source of a connection.</summary>
internal static class PeerAddresses
{
    /// <summary>
    /// The address as neighbors are keyed: IPv4-mapped IPv6 as IPv4; a link-local address with its
    /// interface (fe80::2%eth0 and fe80::2%eth1 are two neighbors: every leaf port may use the same
    /// link-local), any other address without a scope.
    /// </summary>
    public static IPAddress Key(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.IsIPv6LinkLocal ? new IPAddress(address.GetAddressBytes(), address.ScopeId)
        : new IPAddress(address.GetAddressBytes());
}
