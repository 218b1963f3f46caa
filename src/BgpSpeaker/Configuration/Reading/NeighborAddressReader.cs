using System.Net;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// A neighbor's <c>address</c> and <c>interface</c>: "fe80::1%eth0" and "fe80::1" + "interface: eth0"
/// mean the same; a link-local address is unusable without its link.
/// </summary>
internal static class NeighborAddressReader
{
    // Linux IFNAMSIZ is 16 including the terminating NUL.
    private const int MaxInterfaceName = 15;

    /// <summary>Null address when missing or invalid (reported). Returns the address value for positions.</summary>
    public static (IPAddress? Address, string? Interface, ConfigValue? At) Read(MappingReader mapping)
    {
        var errors = mapping.Errors;
        var interfaceAt = mapping.Scalar("interface");
        string? iface = interfaceAt is { } i && IsInterfaceName(i, errors) ? i.Text : null;
        if (mapping.Scalar("address") is not { } at)
        {
            if (mapping.ValueOf("address") is null)
            {
                mapping.Missing("neighbor", "address", " (peering by interface alone is not supported yet)");
            }
            return (null, iface, null);
        }

        int percent = at.Text.IndexOf('%', StringComparison.Ordinal);
        string addressText = percent < 0 ? at.Text : at.Text[..percent];
        if (!ScalarParser.TryParseAddress(addressText, out var address))
        {
            errors.Add(at, $"address must be an IPv4 or IPv6 address, got '{at.Text}'");
            return (null, iface, at);
        }
        if (percent >= 0)
        {
            var scope = at with { Label = "address scope", Text = at.Text[(percent + 1)..] };
            if (!address.IsIPv6LinkLocal)
            {
                errors.Add(at, $"a %interface scope is only valid on an IPv6 link-local (fe80::/10) address, got '{at.Text}'");
                return (null, iface, at);
            }
            if (!IsInterfaceName(scope, errors))
            {
                return (null, iface, at);
            }
            if (iface is not null && iface != scope.Text)
            {
                errors.Add(at, $"address scope '%{scope.Text}' and interface '{iface}' disagree");
                return (null, iface, at);
            }
            iface = scope.Text;
        }
        return CheckUsable(address, iface, interfaceAt is null || iface is not null, at, errors);
    }

    private static (IPAddress?, string?, ConfigValue?) CheckUsable(
        IPAddress address, string? iface, bool interfaceValid, ConfigValue at, ErrorSink errors)
    {
        if (address.IsIPv6LinkLocal && iface is null && interfaceValid)
        {
            errors.Add(at, $"link-local address {address} needs an interface: add 'interface: <name>' or write {address}%<name>");
            return (null, null, at);
        }
        if (IsUnusable(address))
        {
            errors.Add(at, $"address {address} cannot be a BGP peer (unspecified, broadcast or multicast)");
            return (null, iface, at);
        }
        return (address, iface, at);
    }

    private static bool IsUnusable(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)
        || address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);

    private static bool IsInterfaceName(ConfigValue v, ErrorSink errors)
    {
        string name = v.Text;
        bool valid = name.Length is > 0 and <= MaxInterfaceName && name is not "." and not ".."
            && !name.Any(c => c is '/' or ':' or '%' || char.IsWhiteSpace(c) || char.IsControl(c));
        if (!valid)
        {
            errors.Add(v, $"{v.Label} must be a Linux interface name (1..{MaxInterfaceName} characters, no '/', ':', '%' or spaces), got '{name}'");
        }
        return valid;
    }
}
