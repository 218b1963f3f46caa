using System.Net;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Tests;

/// <summary>Which next hop we announce when the session's own address cannot carry a family.</summary>
public class NextHopSelfTests
{
    private static IPAddress[] Addresses(params string[] addresses) => [.. addresses.Select(IPAddress.Parse)];

    private static UInt128 Bits(string address) => IpAddresses.ToBits(IPAddress.Parse(address));

    [Fact]
    public void Ipv6OverAnIpv4SessionHasNoNextHopOfItsOwn()
    {
        Assert.Null(NextHopSelf.For(AfiSafi.Ipv6Unicast, IPAddress.Parse("10.255.1.1"), false, LinkLocalNextHopForm.Both, out var reason));
        Assert.Contains("runs over IPv4", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheInterfaceGlobalAndLinkLocalAreUsedTogether()
    {
        var hop = NextHopSelf.FromInterface(AfiSafi.Ipv6Unicast, Addresses("10.255.1.1", "fe80::1", "2001:db8:1::1"), LinkLocalNextHopForm.Both);
        Assert.Equal(NextHop.V6(Bits("2001:db8:1::1"), Bits("fe80::1")), hop);
    }

    [Theory]
    [InlineData(LinkLocalNextHopForm.Both, 32, "fe80::1", "fe80::1")]
    [InlineData(LinkLocalNextHopForm.UnspecifiedGlobal, 32, "::", "fe80::1")]
    [InlineData(LinkLocalNextHopForm.LinkLocalOnly, 16, "fe80::1", "::")]
    public void AnInterfaceWithOnlyALinkLocalGivesItInTheConfiguredForm(LinkLocalNextHopForm form, int length, string first, string second)
    {
        var hop = NextHopSelf.FromInterface(AfiSafi.Ipv6Unicast, Addresses("10.255.1.1", "fe80::1"), form);
        Assert.Equal(new NextHop((byte)length, Bits(first), Bits(second)), hop);
    }

    [Fact]
    public void Ipv4OverAnIpv6SessionWithoutExtendedNextHopUsesTheInterfaceIpv4()
    {
        Assert.Null(NextHopSelf.For(AfiSafi.Ipv4Unicast, IPAddress.Parse("2001:db8:1::1"), false, LinkLocalNextHopForm.Both, out _));
        var hop = NextHopSelf.FromInterface(AfiSafi.Ipv4Unicast, Addresses("2001:db8:1::1", "fe80::1", "10.255.1.1"), LinkLocalNextHopForm.Both);
        Assert.Equal(NextHop.V4((uint)Bits("10.255.1.1")), hop);
    }

    [Fact]
    public void AnInterfaceWithoutTheFamilyGivesNothing() =>
        Assert.Null(NextHopSelf.FromInterface(AfiSafi.Ipv6Unicast, Addresses("10.255.1.1"), LinkLocalNextHopForm.Both));

    [Fact]
    public void AConfiguredIpv6NextHopCarriesOurLinkLocalWhenTheSessionRunsOverOne()
    {
        Assert.Equal(NextHop.V6(Bits("2001:db8::10"), Bits("fe80::1")), NextHopSelf.Configured(IPAddress.Parse("2001:db8::10"), IPAddress.Parse("fe80::1")));
        Assert.Equal(NextHop.V6(Bits("2001:db8::10")), NextHopSelf.Configured(IPAddress.Parse("2001:db8::10"), IPAddress.Parse("10.255.1.1")));
        Assert.Equal(NextHop.V4((uint)Bits("10.0.0.10")), NextHopSelf.Configured(IPAddress.Parse("10.0.0.10"), IPAddress.Parse("fe80::1")));
    }
}
