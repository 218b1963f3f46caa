using System.Net;
using BgpSpeaker.Routing.Export;

namespace BgpSpeaker.Configuration;

/// <summary>
/// Unnumbered peering with the leaves: one BGP session per fabric interface, with the peer's IPv6
/// link-local address learned from its Router Advertisements (as FRR's <c>neighbor IFNAME interface</c>).
/// </summary>
public sealed record FabricConfig
{
    /// <summary>Interface names or glob patterns (<c>*</c>, <c>?</c>), e.g. "eth1" or "enp*s0f*".</summary>
    public required ValueList<string> Interfaces { get; init; }

    /// <summary>The session settings every fabric peer gets (no address: it is learned per interface).</summary>
    public required NeighborConfig Session { get; init; }

    /// <summary>How we send a link-local next hop (RFC 8950 / RFC 2545): FRR's form, [LL, LL], by default.</summary>
    public LinkLocalNextHopForm NextHopForm { get; init; } = LinkLocalNextHopForm.Both;

    public RouterAdvertisementConfig RouterAdvertisements { get; init; } = new();

    /// <summary>Whether <paramref name="name"/> is a fabric interface.</summary>
    public bool Matches(string name) => Interfaces.Any(pattern => InterfacePattern.Matches(pattern, name));
}

/// <summary>Our Router Advertisements on fabric interfaces: how the leaves learn our link-local address.</summary>
public sealed record RouterAdvertisementConfig
{
    /// <summary>Seconds between unsolicited RAs (FRR's unnumbered default is 10).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Router lifetime in the RA; 0 (the default) says "a router, but not a default router" (RFC 4861
    /// §4.2): FRR leaves learn the peer from it all the same, and a Linux leaf adds no default route to us.
    /// </summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.Zero;
}

/// <summary>The kernel FIB: where and how the routes we learn are installed.</summary>
public sealed record FibConfig
{
    public static FibConfig Default { get; } = new();

    /// <summary>False for a route-server-like role: routes are learned and passed on, not installed.</summary>
    public bool Install { get; init; } = true;

    /// <summary>The file has a <c>fib</c> section: routes are installed even without a fabric (numbered neighbors only).</summary>
    public bool Configured { get; init; }

    /// <summary>The kernel routing table (254 is main).</summary>
    public int Table { get; init; } = 254;

    /// <summary>The source address for traffic this node sends along learned routes (usually the node /32).</summary>
    public IPAddress? PreferredSource { get; init; }
}

/// <summary>Shell-style patterns for interface names: <c>*</c> any run of characters, <c>?</c> one.</summary>
public static class InterfacePattern
{
    public static bool IsPattern(string text) => text.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool Matches(string pattern, string name) => Matches(pattern.AsSpan(), name.AsSpan());

    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        while (!pattern.IsEmpty)
        {
            switch (pattern[0])
            {
                case '*':
                    for (int skip = 0; skip <= name.Length; skip++)
                    {
                        if (Matches(pattern[1..], name[skip..]))
                        {
                            return true;
                        }
                    }
                    return false;
                case '?' when !name.IsEmpty:
                    break;
                default:
                    if (name.IsEmpty || name[0] != pattern[0])
                    {
                        return false;
                    }
                    break;
            }
            pattern = pattern[1..];
            name = name[1..];
        }
        return name.IsEmpty;
    }
}
