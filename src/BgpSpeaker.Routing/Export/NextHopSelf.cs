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
        return form switch
        {
            LinkLocalNextHopForm.LinkLocalOnly => NextHop.V6(bits),
            LinkLocalNextHopForm.UnspecifiedGlobal => NextHop.V6(UInt128.Zero, bits),
            _ => NextHop.V6(bits, bits),
        };
    }
}
