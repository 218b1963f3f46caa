using System.Net;
using BgpSpeaker.Transport;

namespace BgpSpeaker.Tests.Transport;

public class PeerAddressesTests
{
    [Fact]
    public void TheSameLinkLocalOnTwoInterfacesIsTwoNeighbors()
    {
        var eth0 = PeerAddresses.Key(IPAddress.Parse("fe80::2%2"));
        var eth1 = PeerAddresses.Key(IPAddress.Parse("fe80::2%3"));
        Assert.NotEqual(eth0, eth1);
        Assert.Equal(eth0, PeerAddresses.Key(IPAddress.Parse("fe80::2%2")));
        var neighbors = new Dictionary<IPAddress, string> { [eth0] = "leaf1", [eth1] = "leaf2" };
        Assert.Equal("leaf2", neighbors[PeerAddresses.Key(new IPAddress(IPAddress.Parse("fe80::2").GetAddressBytes(), 3))]);
    }

    [Fact]
    public void MappedAndScopedGlobalAddressesMatchThePlainOne()
    {
        Assert.Equal(IPAddress.Parse("10.255.0.1"), PeerAddresses.Key(IPAddress.Parse("::ffff:10.255.0.1")));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), PeerAddresses.Key(IPAddress.Parse("2001:db8::1%4")));
    }
}
