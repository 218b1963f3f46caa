using System.Net;
using System.Net.NetworkInformation;

namespace BgpSpeaker.Transport;

/// <summary>The addresses on the interface that holds a given local address (our end of a session).</summary>
internal static class InterfaceAddresses
{
    /// <summary>Every unicast address of the interface that has <paramref name="local"/>; empty when none has it.</summary>
    public static IReadOnlyList<IPAddress> Beside(IPAddress local)
    {
        var wanted = local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                var addresses = nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).ToList();
                if (addresses.Any(a => SameAddress(a, wanted)))
                {
                    return addresses;
                }
            }
        }
        catch (NetworkInformationException)
        {
        }
        return [];
    }

    // Scope ids differ between how the socket and the interface list report a link-local address.
    private static bool SameAddress(IPAddress a, IPAddress b) => a.GetAddressBytes().AsSpan().SequenceEqual(b.GetAddressBytes());
}
