using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Session.Tests.Negotiation;

/// <summary>Each field of the negotiated session from pairs of capability sets (RFC 5492 §3: both sides must advertise).</summary>
public class CapabilityNegotiatorTests
{
    private static readonly AfiSafi V4 = AfiSafi.Ipv4Unicast;
    private static readonly AfiSafi V6 = AfiSafi.Ipv6Unicast;

    private static OpenMessage Open(ushort hold = 90, uint asn = 65001, uint id = 1, params Capability[] capabilities) =>
        OpenMessage.Create(asn, hold, id, capabilities);

    private static NegotiatedSession Negotiate(Capability[] local, Capability[] remote, bool external = true) =>
        CapabilityNegotiator.Negotiate(Open(capabilities: local), Open(asn: 65002, id: 2, capabilities: remote), external);

    private static CodecContext Codec(Capability[] local, Capability[] remote) => Negotiate(local, remote).Codec;

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void FourOctetAsNeedsBothSides(bool local, bool remote, bool expected)
    {
        Capability[] Caps(bool on) => on ? [new FourOctetAsCapability(65001)] : [];
        Assert.Equal(expected, Codec(Caps(local), Caps(remote)).FourOctetAs);
    }

    [Theory]
    [InlineData(true, true, CodecContext.ExtendedMaxMessageSize)]
    [InlineData(true, false, CodecContext.StandardMaxMessageSize)]
    [InlineData(false, true, CodecContext.StandardMaxMessageSize)]
    public void ExtendedMessageNeedsBothSides(bool local, bool remote, int expected)
    {
        Capability[] Caps(bool on) => on ? [new ExtendedMessageCapability()] : [];
        Assert.Equal(expected, Codec(Caps(local), Caps(remote)).MaxMessageSize);
    }

    [Fact]
    public void ExtendedNextHopIsTheFamiliesBothListedWithAnIpv6NextHop()
    {
        var ours = new ExtendedNextHopCapability([new(V4, Afi.Ipv6), new(new AfiSafi(Afi.Ipv4, Safi.Multicast), Afi.Ipv6)]);
        var theirs = new ExtendedNextHopCapability([new(V4, Afi.Ipv6)]);
        Assert.Equal([V4], Codec([ours], [theirs]).ExtendedNextHop);
    }

    [Fact]
    public void ExtendedNextHopOnOneSideOnlyIsNotNegotiated()
    {
        var ours = new ExtendedNextHopCapability([new(V4, Afi.Ipv6)]);
        Assert.Empty(Codec([ours], []).ExtendedNextHop);
        Assert.Empty(Codec([], [ours]).ExtendedNextHop);
    }

    [Fact]
    public void ExtendedNextHopWithAnotherNextHopAfiDoesNotCount()
    {
        var ours = new ExtendedNextHopCapability([new(V4, Afi.Ipv6)]);
        var theirs = new ExtendedNextHopCapability([new(V4, Afi.Ipv4)]);
        Assert.Empty(Codec([ours], [theirs]).ExtendedNextHop);
    }

    [Theory]
    [InlineData(AddPathDirection.Receive, AddPathDirection.Send, true, false)]
    [InlineData(AddPathDirection.Send, AddPathDirection.Receive, false, true)]
    [InlineData(AddPathDirection.Both, AddPathDirection.Both, true, true)]
    [InlineData(AddPathDirection.Both, AddPathDirection.Receive, false, true)]
    [InlineData(AddPathDirection.Send, AddPathDirection.Send, false, false)]
    [InlineData(AddPathDirection.Receive, AddPathDirection.Receive, false, false)]
    public void AddPathDirectionsPair(AddPathDirection local, AddPathDirection remote, bool receive, bool send)
    {
        var codec = Codec([new AddPathCapability([new(V4, local)])], [new AddPathCapability([new(V4, remote)])]);
        Assert.Equal(receive, codec.ReceivesPathId(V4));
        Assert.Equal(send, codec.SendsPathId(V4));
        Assert.False(codec.ReceivesPathId(V6));
    }

    [Fact]
    public void AddPathIsPerFamily()
    {
        var codec = Codec([new AddPathCapability([new(V4, AddPathDirection.Receive), new(V6, AddPathDirection.Receive)])],
            [new AddPathCapability([new(V6, AddPathDirection.Send)])]);
        Assert.Equal([V6], codec.AddPathReceive);
    }

    [Fact]
    public void FamiliesAreTheIntersectionOfMultiprotocolCapabilities()
    {
        var codec = Codec([new MultiprotocolCapability(V4), new MultiprotocolCapability(V6)], [new MultiprotocolCapability(V6)]);
        Assert.Equal([V6], codec.Families!);
        Assert.False(codec.IsNegotiated(V4));
    }

    [Fact]
    public void NoMultiprotocolOnEitherSideMeansIpv4Unicast() =>
        Assert.Equal([V4], Codec([], []).Families!);

    [Fact]
    public void ASideWithoutMultiprotocolSpeaksIpv4UnicastOnly() =>
        Assert.Equal([V4], Codec([new MultiprotocolCapability(V4), new MultiprotocolCapability(V6)], []).Families!);

    [Theory]
    [InlineData(90, 180, 90, 30)]
    [InlineData(90, 9, 9, 3)]
    [InlineData(10, 90, 10, 3)]
    [InlineData(0, 90, 0, 0)]
    [InlineData(90, 0, 0, 0)]
    public void HoldTimeIsTheMinimumAndKeepaliveAThird(ushort local, ushort remote, ushort hold, int keepalive)
    {
        var session = CapabilityNegotiator.Negotiate(Open(hold: local), Open(hold: remote, asn: 65002, id: 2), externalPeer: true);
        Assert.Equal(HoldTime.FromSeconds(hold), session.HoldTime);
        Assert.Equal(TimeSpan.FromSeconds(keepalive), session.KeepaliveInterval);
    }

    [Theory]
    [InlineData(90, 10, 10)]
    [InlineData(90, 60, 30)]
    [InlineData(0, 10, 0)]
    public void ConfiguredKeepaliveIsCappedByAThirdOfHold(ushort hold, int configured, int expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), CapabilityNegotiator.KeepaliveInterval(HoldTime.FromSeconds(hold), TimeSpan.FromSeconds(configured)));

    [Fact]
    public void PeerFactsAreTakenFromItsOpen()
    {
        var gr = new GracefulRestartCapability(false, true, 120, [new GracefulRestartFamily(V4, true)]);
        var remote = Open(asn: 4_200_000_001, id: 0x0A000002, capabilities:
            [new FourOctetAsCapability(4_200_000_001), new FqdnCapability("leaf1", "dc1"), gr]);

        var session = CapabilityNegotiator.Negotiate(Open(capabilities: [new FourOctetAsCapability(65001)]), remote, externalPeer: true);

        Assert.Equal(4_200_000_001u, session.RemoteAs);
        Assert.Equal(0x0A000002u, session.RemoteRouterId);
        Assert.Equal("leaf1", session.RemoteHostName);
        Assert.Equal("dc1", session.RemoteDomainName);
        Assert.Same(gr, session.PeerGracefulRestart);
        Assert.Same(remote, session.RemoteOpen);
    }

    [Theory]
    [InlineData(true, true, true, true, true, true)]
    [InlineData(true, true, true, false, true, false)]
    [InlineData(true, false, true, true, false, false)]
    [InlineData(false, true, true, true, false, false)] // enhanced needs route refresh itself
    public void RouteRefreshAndEnhancedNeedBothSides(bool localRr, bool remoteRr, bool localErr, bool remoteErr, bool rr, bool err)
    {
        static Capability[] Caps(bool refresh, bool enhanced) =>
            [.. (refresh ? [new RouteRefreshCapability()] : Array.Empty<Capability>()),
             .. (enhanced ? [new EnhancedRouteRefreshCapability()] : Array.Empty<Capability>())];

        var session = Negotiate(Caps(localRr, localErr), Caps(remoteRr, remoteErr));
        Assert.Equal(rr, session.RouteRefresh);
        Assert.Equal(err, session.EnhancedRouteRefresh);
    }

    [Fact]
    public void CiscoRouteRefreshCodeCounts() =>
        Assert.True(Negotiate([new RouteRefreshCapability()], [new RouteRefreshCapability(CapabilityCode.RouteRefreshCisco)]).RouteRefresh);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ExternalPeerIsCarriedIntoTheCodec(bool external) =>
        Assert.Equal(external, Negotiate([], [], external).Codec.ExternalPeer);
}
