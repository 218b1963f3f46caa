using System.Net;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary><c>nextHop: { ipv4, ipv6 }</c> per neighbor: explicit next hops where the session's address cannot serve.</summary>
public class NextHopConfigTests
{
    private static string Neighbor(string setting) => Header + $"""
        neighbors:
          - address: 10.255.0.1
            remoteAs: 65001
            {setting}
        """;

    [Fact]
    public void BothFamiliesAreRead()
    {
        var neighbor = Valid(Neighbor("nextHop: { ipv4: 10.0.0.10, ipv6: \"2001:db8::10\" }")).Neighbors.Single();
        Assert.Equal(IPAddress.Parse("10.0.0.10"), neighbor.NextHop!.Ipv4);
        Assert.Equal(IPAddress.Parse("2001:db8::10"), neighbor.NextHop.Ipv6);
    }

    [Fact]
    public void LeftOutMeansNextHopSelf() => Assert.Null(Valid(Neighbor("passive: true")).Neighbors.Single().NextHop);

    [Theory]
    [InlineData("nextHop: { ipv4: \"2001:db8::1\" }", 22, "nextHop.ipv4 must be an IPv4 address (a.b.c.d), got '2001:db8::1'")]
    [InlineData("nextHop: { ipv6: 10.0.0.1 }", 22, "nextHop.ipv6 must be an IPv6 address, got '10.0.0.1'")]
    [InlineData("nextHop: { ipv6: \"fe80::1\" }", 22, "nextHop.ipv6 must be a global IPv6 address; a link-local next hop is taken from the session's interface")]
    [InlineData("nextHop: { ipv5: 10.0.0.1 }", 16, "unknown key 'ipv5' in nextHop; did you mean 'ipv4'?")]
    public void BadNextHopsAreNamed(string setting, int column, string message) => SingleError(Neighbor(setting), 6, column, message);
}
