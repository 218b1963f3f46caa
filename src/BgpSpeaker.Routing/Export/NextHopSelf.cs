using System.Net;
using System.Net.Sockets;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Export;

/// <summary>How a link-local next hop is sent when we have no global IPv6 address on the link.</summary>
public enum LinkLocalNextHopForm
{
    /// <summary>32 octets, the link-local address in both fields: what FRR sends and accepts (default).</summary>
    Both,

    /// <summary>32 octets, :: then the link-local address.</summary>
    UnspecifiedGlobal,

    /// <summary>16 octets: the link-local address alone.</summary>
    LinkLocalOnly,
}

/// <summary>Chooses the next hop we announce for a family, from our address on the session.</summary>
public static class NextHopSelf
{
    /// <summary>Null when this session cannot carry that family with a next hop of ours (the reason says why).</summary>
    public static NextHop? For(AfiSafi family, IPAddress local, bool extendedNextHop, LinkLocalNextHopForm form, out string? reason)
    {
        reason = null;
        bool localV4 = local.AddressFamily == AddressFamily.InterNetwork;
        var bits = IpAddresses.ToBits(local);
        if (family.Afi == Afi.Ipv4 && localV4)
        {
            return NextHop.V4((uint)bits);
        }
        if (family.Afi == Afi.Ipv4 && !extendedNextHop)
        {
            reason = "IPv4 over an IPv6 session needs the extended next hop capability (RFC 8950) on both sides";
            return null;
        }
        if (localV4)
        {
            reason = "an IPv6 prefix needs an IPv6 next hop, and this session runs over IPv4";
            return null;
        }
        if (!local.IsIPv6LinkLocal)
        {
            return NextHop.V6(bits);
        }
        return LinkLocalOnly(bits, form);
    }

    /// <summary>
    /// Where the session's own address cannot serve (IPv6 routes over an IPv4 session, IPv4 routes over
    /// an IPv6 session without RFC 8950), the addresses of the session's interface: for IPv6 its global
    /// address with its link-local one (as FRR and BIRD send), else the link-local alone; for IPv4 its
    /// IPv4 address. Null when the interface has none.
    /// </summary>
    public static NextHop? FromInterface(AfiSafi family, IReadOnlyList<IPAddress> interfaceAddresses, LinkLocalNextHopForm form)
    {
        if (family.Afi == Afi.Ipv4)
        {
            var v4 = interfaceAddresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            return v4 is null ? null : NextHop.V4((uint)IpAddresses.ToBits(v4));
        }
        var v6 = interfaceAddresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList();
        var global = v6.FirstOrDefault(a => !a.IsIPv6LinkLocal && !a.Equals(IPAddress.IPv6Loopback));
        var linkLocal = v6.FirstOrDefault(a => a.IsIPv6LinkLocal);
        return (global, linkLocal) switch
        {
            ({ } g, { } ll) => NextHop.V6(IpAddresses.ToBits(g), IpAddresses.ToBits(ll)),
            ({ } g, null) => NextHop.V6(IpAddresses.ToBits(g)),
            (null, { } ll) => LinkLocalOnly(IpAddresses.ToBits(ll), form),
            _ => null,
        };
    }

    /// <summary>An operator's explicit next hop; for IPv6 it carries our link-local when the session runs over one.</summary>
    public static NextHop Configured(IPAddress address, IPAddress local) =>
        address.AddressFamily == AddressFamily.InterNetwork ? NextHop.V4((uint)IpAddresses.ToBits(address))
        : local.IsIPv6LinkLocal ? NextHop.V6(IpAddresses.ToBits(address), IpAddresses.ToBits(local))
        : NextHop.V6(IpAddresses.ToBits(address));

    private static NextHop LinkLocalOnly(UInt128 bits, LinkLocalNextHopForm form) => form switch
    {
        LinkLocalNextHopForm.LinkLocalOnly => NextHop.V6(bits),
        LinkLocalNextHopForm.UnspecifiedGlobal => NextHop.V6(UInt128.Zero, bits),
        _ => NextHop.V6(bits, bits),
    };
}
