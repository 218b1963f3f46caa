using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>ROUTE-REFRESH in Established (RFC 2918, RFC 7313).</summary>
public class RouteRefreshTests
{
    [Fact]
    public void RefreshForANegotiatedFamilyIsDelivered()
    {
        var h = new Harness().ToEstablished();
        var refresh = new RouteRefreshMessage(AfiSafi.Ipv6Unicast);
        Assert.Same(refresh, Single<SessionAction.DeliverRouteRefresh>(h.Handle(new SessionEvent.RouteRefreshMsg(refresh))).Message);
    }

    [Fact]
    public void RefreshForAFamilyNotNegotiatedIsIgnored()
    {
        var h = new Harness().ToEstablished();
        Assert.Empty(h.Handle(new SessionEvent.RouteRefreshMsg(new RouteRefreshMessage(new AfiSafi(Afi.Ipv4, Safi.Multicast)))));
        Assert.Equal(SessionState.Established, h.State);
    }

    [Fact]
    public void RefreshFromAPeerWithoutTheCapabilityIsIgnored()
    {
        var h = new Harness().ToEstablished(Peer.Open(capabilities: [new MultiprotocolCapability(AfiSafi.Ipv4Unicast)]));
        Assert.Empty(h.Handle(new SessionEvent.RouteRefreshMsg(new RouteRefreshMessage(AfiSafi.Ipv4Unicast))));
    }

    [Fact]
    public void RefreshMarkersNeedEnhancedRouteRefresh()
    {
        var plain = new Harness().ToEstablished();
        var marker = new RouteRefreshMessage(AfiSafi.Ipv4Unicast, RouteRefreshSubtype.BeginningOfRouteRefresh);
        Assert.Empty(plain.Handle(new SessionEvent.RouteRefreshMsg(marker)));

        var enhanced = new Harness().ToEstablished(Peer.Open(capabilities:
            [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), new RouteRefreshCapability(), new EnhancedRouteRefreshCapability()]));
        Assert.Single(enhanced.Handle(new SessionEvent.RouteRefreshMsg(marker)));
    }
}
