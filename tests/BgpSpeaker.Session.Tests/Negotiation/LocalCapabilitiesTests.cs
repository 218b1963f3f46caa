using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Session.Tests.Fsm;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Session.Tests.Negotiation;

public class LocalCapabilitiesTests
{
    private static IReadOnlyList<Capability> Build(Func<CapabilitySettings, CapabilitySettings>? change = null, uint asn = Peer.LocalAs)
    {
        var capabilities = new CapabilitySettings();
        return LocalCapabilities.Build(Peer.Settings(s => s with { LocalAs = asn, Capabilities = change is null ? capabilities : change(capabilities) }));
    }

    [Fact]
    public void DefaultsAdvertiseBothUnicastFamiliesRefreshFourOctetAndExtendedMessage()
    {
        var caps = Build();
        Assert.Equal([AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], caps.OfType<MultiprotocolCapability>().Select(c => c.Family));
        Assert.Single(caps.OfType<RouteRefreshCapability>());
        Assert.Single(caps.OfType<EnhancedRouteRefreshCapability>());
        Assert.Equal(Peer.LocalAs, Assert.Single(caps.OfType<FourOctetAsCapability>()).Asn);
        Assert.Single(caps.OfType<ExtendedMessageCapability>());
        Assert.Empty(caps.OfType<ExtendedNextHopCapability>());
        Assert.Empty(caps.OfType<FqdnCapability>());
        Assert.Empty(caps.OfType<AddPathCapability>());
    }

    [Fact]
    public void ExtendedNextHopAdvertisesIpv4UnicastOverIpv6()
    {
        var entry = Assert.Single(Assert.Single(Build(c => c with { ExtendedNextHop = true }).OfType<ExtendedNextHopCapability>()).Entries);
        Assert.Equal(new ExtendedNextHopEntry(AfiSafi.Ipv4Unicast, Afi.Ipv6), entry);
    }

    [Fact]
    public void HostnameIsSentWhenConfigured()
    {
        var fqdn = Assert.Single(Build(c => c with { HostName = "node7", DomainName = "cluster.local" }).OfType<FqdnCapability>());
        Assert.Equal(new FqdnCapability("node7", "cluster.local"), fqdn);
    }

    [Fact]
    public void EnhancedRouteRefreshIsNotSentWithoutRouteRefresh()
    {
        var caps = Build(c => c with { RouteRefresh = false });
        Assert.Empty(caps.OfType<RouteRefreshCapability>());
        Assert.Empty(caps.OfType<EnhancedRouteRefreshCapability>());
    }

    [Fact]
    public void AddPathAndAdditionalCapabilitiesAreAppended()
    {
        var gr = new GracefulRestartCapability(false, false, 120, []);
        var caps = Build(c => c with { AddPath = [new AddPathEntry(AfiSafi.Ipv4Unicast, AddPathDirection.Receive)], Additional = [gr] });
        Assert.Single(caps.OfType<AddPathCapability>());
        Assert.Same(gr, caps[^1]);
    }

    [Fact]
    public void OpenOfAFourOctetAsCarriesAsTrans()
    {
        var open = LocalCapabilities.BuildOpen(Peer.Settings(s => s with { LocalAs = 4_200_000_001 }));
        Assert.Equal(Wire.Messages.OpenMessage.AsTrans, open.MyAs);
        Assert.Equal(4_200_000_001u, open.AsNumber);
    }
}
