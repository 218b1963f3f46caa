using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using static BgpSpeaker.Session.Tests.Fsm.Actions;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>The session's checks of the peer's OPEN (RFC 4271 §6.2, RFC 6286, RFC 6793).</summary>
public class OpenValidationTests
{
    private static NotificationMessage Rejected(PeerSettings settings, OpenMessage open)
    {
        var h = new Harness(settings).ToOpenSent();
        var actions = h.Handle(new SessionEvent.BgpOpen(open));
        Assert.Equal(["SendNotification", "DropTcp", "Down"], Names(actions));
        Assert.Equal(SessionState.Idle, h.State);
        return Single<SessionAction.SendNotification>(actions).Notification;
    }

    private static void Accepted(PeerSettings settings, OpenMessage open)
    {
        var h = new Harness(settings).ToOpenSent();
        Assert.Equal(["SendKeepalive"], Names(h.Handle(new SessionEvent.BgpOpen(open))));
    }

    [Fact]
    public void WrongPeerAsIsBadPeerAsWithTheTwoOctetMyAsAsData()
    {
        var sent = Rejected(Peer.Settings(), Peer.Open(asn: 65003));
        Assert.Equal(ErrorCode.OpenMessage, sent.Code);
        Assert.Equal(OpenSubcode.BadPeerAs, sent.Subcode);
        Assert.Equal([0xFD, 0xEB], sent.Data); // 65003
    }

    [Fact]
    public void WrongFourOctetPeerAsCarriesAsTrans()
    {
        var sent = Rejected(Peer.Settings(s => s with { RemoteAs = ExpectedAs.Of(4_200_000_001) }), Peer.Open(asn: 4_200_000_002));
        Assert.Equal(OpenSubcode.BadPeerAs, sent.Subcode);
        Assert.Equal([0x5B, 0xA0], sent.Data); // AS_TRANS 23456
    }

    [Fact]
    public void FourOctetPeerAsIsTakenFromTheCapability() =>
        Accepted(Peer.Settings(s => s with { RemoteAs = ExpectedAs.Of(4_200_000_001) }), Peer.Open(asn: 4_200_000_001));

    [Fact]
    public void AnyExternalAcceptsAnotherAsButNotOurs()
    {
        var external = Peer.Settings(s => s with { RemoteAs = ExpectedAs.External });
        Accepted(external, Peer.Open(asn: 64512));
        Assert.Equal(OpenSubcode.BadPeerAs, Rejected(external, Peer.Open(asn: Peer.LocalAs)).Subcode);
    }

    [Fact]
    public void InternalAcceptsOurAsOnly()
    {
        var internalPeer = Peer.Settings(s => s with { RemoteAs = ExpectedAs.Internal });
        Accepted(internalPeer, Peer.Open(asn: Peer.LocalAs));
        Assert.Equal(OpenSubcode.BadPeerAs, Rejected(internalPeer, Peer.Open(asn: 65002)).Subcode);
    }

    [Fact]
    public void OurIdentifierFromAnInternalPeerIsBadBgpIdentifier()
    {
        var internalPeer = Peer.Settings(s => s with { RemoteAs = ExpectedAs.Internal });
        var sent = Rejected(internalPeer, Peer.Open(asn: Peer.LocalAs, id: Peer.LocalId));
        Assert.Equal(OpenSubcode.BadBgpIdentifier, sent.Subcode);
    }

    [Fact]
    public void OurIdentifierFromAnExternalPeerIsAllowed() =>
        Accepted(Peer.Settings(), Peer.Open(id: Peer.LocalId));

    [Fact]
    public void HoldTimeBelowThreeIsUnacceptable()
    {
        var open = new OpenMessage { MyAs = (ushort)Peer.RemoteAs, HoldTimeSeconds = 2, BgpIdentifier = Peer.RemoteId };
        Assert.Equal(OpenSubcode.UnacceptableHoldTime, Rejected(Peer.Settings(), open).Subcode);
    }

    [Fact]
    public void PeerWithoutMultiprotocolGetsIpv4UnicastOnly()
    {
        var h = new Harness().ToOpenConfirm(Peer.Open(capabilities: new FourOctetAsCapability(Peer.RemoteAs)));
        Assert.Equal([Wire.Nlri.AfiSafi.Ipv4Unicast], h.Fsm.Negotiated!.Families);
    }

    [Fact]
    public void ExternalPeerIsMarkedInTheCodecContext()
    {
        var ebgp = new Harness().ToOpenConfirm();
        Assert.True(ebgp.Fsm.Codec.ExternalPeer);
        var ibgp = new Harness(Peer.Settings(s => s with { RemoteAs = ExpectedAs.Internal })).ToOpenConfirm(Peer.Open(asn: Peer.LocalAs));
        Assert.False(ibgp.Fsm.Codec.ExternalPeer);
    }
}
