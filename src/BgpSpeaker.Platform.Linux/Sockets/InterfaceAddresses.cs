using System.Net;
using System.Net.NetworkInformation;

namespace BgpSpeaker.Platform.Linux.Sockets;

/// <summary>Interfaces by name and by the addresses they hold.</summary>
public static class InterfaceAddresses
{
    /// <summary>The kernel's index of interface <paramref name="name"/>: the scope of a link-local address on it.</summary>
    /// <exception cref="InvalidOperationException">No interface has that name.</exception>
    public static long IndexOf(string name) =>
        NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(i => i.Name == name)?.GetIPProperties().GetIPv6Properties().Index
        ?? throw new InvalidOperationException($"interface {name} does not exist");

    /// <summary>The name of interface <paramref name="index"/>, or "if N" when it is gone.</summary>
    public static string NameOf(int index) =>
        NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(i => i.GetIPProperties().GetIPv6Properties()?.Index == index)?.Name
        ?? $"if {index}";

    /// <summary>Every unicast address of the interface that has <paramref name="local"/>; empty when none has it.</summary>
    public static IReadOnlyList<IPAddress> Beside(IPAddress local) =>
        Holding(local)?.GetIPProperties().UnicastAddresses.Select(u => u.Address).ToList() ?? [];

    /// <summary>The name of the interface that has <paramref name="local"/> (a connection's local address); null when none has it.</summary>
    public static string? NameHolding(IPAddress local) => Holding(local)?.Name;

    private static NetworkInterface? Holding(IPAddress local)
    {
        var wanted = local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .FirstOrDefault(nic => nic.GetIPProperties().UnicastAddresses.Any(u => SameAddress(u.Address, wanted)));
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }

    // Scope ids differ between how the socket and the interface list report a link-local address.
    private static bool SameAddress(IPAddress a, IPAddress b) => a.GetAddressBytes().AsSpan().SequenceEqual(b.GetAddressBytes());
}
