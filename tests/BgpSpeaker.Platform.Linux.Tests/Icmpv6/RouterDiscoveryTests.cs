using System.Net;
using BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>The per-interface state machine on a fake clock: every transition, what it sends, what it reports.</summary>
public class RouterDiscoveryTests
{
    private static readonly IPAddress Ours = IPAddress.Parse("fe80::11");
    private static readonly IPAddress Leaf = IPAddress.Parse("fe80::1");
    private static readonly IPAddress Other = IPAddress.Parse("fe80::2");
    private static readonly FabricInterface Eth1 = new(7, "eth1");

    private readonly RouterDiscovery _machine = new(Eth1);

    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>Link up and address usable at t=0: the RA and RS that go out at once.</summary>
    private DiscoveryStep Usable(double at = 0)
    {
        _machine.LinkUp(At(at));
        return _machine.AddressUsable(Ours, At(at));
    }

    /// <summary>Runs ticks every 100 ms over (from, to] and records when RAs and RSs went out.</summary>
    private (List<double> Advertisements, List<double> Solicitations, List<RouterDiscoveryEvent> Events) Run(double from, double to) =>
        Run(_machine, from, to);

    private static (List<double> Advertisements, List<double> Solicitations, List<RouterDiscoveryEvent> Events) Run(RouterDiscovery machine, double from, double to)
    {
        var (advertisements, solicitations, events) = (new List<double>(), new List<double>(), new List<RouterDiscoveryEvent>());
        for (int tenth = (int)Math.Round(from * 10) + 1; tenth <= (int)Math.Round(to * 10); tenth++)
        {
            var step = machine.Tick(At(tenth / 10.0));
            if (step.SendAdvertisement)
            {
                advertisements.Add(tenth / 10.0);
            }
            if (step.SendSolicitation)
            {
                solicitations.Add(tenth / 10.0);
            }
            events.AddRange(step.Events);
        }
        return (advertisements, solicitations, events);
    }

    [Fact]
    public void NothingIsSentWhileTheLinkIsDown()
    {
        Assert.Equal(DiscoveryState.LinkDown, _machine.State);
        Assert.Equal("eth1: link down", _machine.Describe());
        var step = _machine.AddressUsable(Ours, At(0));
        Assert.False(step.SendAdvertisement || step.SendSolicitation);
        Assert.Empty(Run(0, 40).Advertisements);
        Assert.Null(_machine.NextDeadline);
    }

    [Fact]
    public void ALinkWithoutAnAddressWaits()
    {
        var step = _machine.LinkUp(At(0));
        Assert.False(step.SendAdvertisement || step.SendSolicitation);
        Assert.Equal("eth1: no IPv6 link-local address", _machine.Describe());
        Assert.Equal(DiscoveryState.NoAddress, Assert.IsType<DiscoveryStateChanged>(Assert.Single(step.Events)).State);
    }

    [Fact]
    public void NothingIsSentWhileTheAddressIsTentative()
    {
        _machine.LinkUp(At(0));
        var step = _machine.AddressTentative(Ours, At(0));
        Assert.False(step.SendAdvertisement || step.SendSolicitation);
        Assert.Equal(DiscoveryState.AddressTentative, _machine.State);
        Assert.Equal("eth1: address tentative", _machine.Describe());
        Assert.Empty(Run(0, 1.5).Advertisements);

        step = _machine.AddressUsable(Ours, At(1.5));
        Assert.True(step.SendAdvertisement && step.SendSolicitation);
        Assert.Equal(DiscoveryState.Discovering, _machine.State);
        Assert.Equal("eth1: waiting for a Router Advertisement", _machine.Describe());
    }

    [Fact]
    public void AnRaAndAnRsGoOutAtOnceWhenTheLinkComesUpWithAUsableAddress()
    {
        _machine.AddressUsable(Ours, At(0));
        var step = _machine.LinkUp(At(5));
        Assert.True(step.SendAdvertisement);
        Assert.True(step.SendSolicitation);
    }

    [Fact]
    public void RouterSolicitationsAreRetriedTwiceASecondApartWhileNoRaIsHeard()
    {
        Assert.True(Usable().SendSolicitation);
        Assert.Equal([1.0, 2.0], Run(0, 10).Solicitations);
    }

    [Fact]
    public void RouterSolicitationsStopAtTheFirstRa()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(0.5));
        Assert.Empty(Run(0.5, 10).Solicitations);
    }

    [Fact]
    public void AdvertisementsGoOutThreeTimesASecondApartThenEveryTenSeconds()
    {
        Assert.True(Usable().SendAdvertisement);
        Assert.Equal([1.0, 2.0, 12.0, 22.0, 32.0], Run(0, 35).Advertisements);
    }

    [Fact]
    public void TheIntervalIsConfigurable()
    {
        var machine = new RouterDiscovery(Eth1, new RouterDiscoveryOptions { AdvertisementInterval = At(4), InitialAdvertisements = 1 });
        machine.LinkUp(At(0));
        machine.AddressUsable(Ours, At(0));
        Assert.Equal(At(1), machine.NextDeadline); // the RS retry
        machine.RouterAdvertisementReceived(Leaf, At(0.1));
        Assert.Equal(At(4), machine.NextDeadline);
        Assert.True(machine.Tick(At(4)).SendAdvertisement);
        Assert.Equal(At(8), machine.NextDeadline);
    }

    [Fact]
    public void AFirstRaTeachesThePeerAndIsAnsweredAtOnce()
    {
        Usable();
        Run(0, 5);
        var step = _machine.RouterAdvertisementReceived(Leaf, At(5.3));
        Assert.True(step.SendAdvertisement); // FRR sends no RS: this is how it learns us quickly
        var learned = Assert.IsType<PeerLearned>(step.Events[0]);
        Assert.Equal((Leaf, PeerSource.RouterAdvertisement), (learned.Peer, learned.Source));
        Assert.Equal("eth1: peer fe80::1 learned from its Router Advertisement", learned.Describe());
        Assert.Equal(DiscoveryState.PeerKnown, _machine.State);
        Assert.Equal("eth1: peer fe80::1", Assert.IsType<DiscoveryStateChanged>(step.Events[1]).Description);
        Assert.Equal(Leaf, _machine.Peer);
    }

    [Fact]
    public void APeersLaterRasTeachNothingNew()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(0.2));
        Run(0.2, 10.2);
        var step = _machine.RouterAdvertisementReceived(Leaf, At(10.2));
        Assert.Empty(step.Events);
        Assert.False(step.SendAdvertisement);
    }

    [Fact]
    public void AScopedSourceIsTheSamePeer()
    {
        Usable();
        _machine.RouterAdvertisementReceived(new IPAddress(Leaf.GetAddressBytes(), Eth1.Index), At(0.2));
        Assert.Equal(Leaf, _machine.Peer);
        Assert.Empty(_machine.RouterAdvertisementReceived(Leaf, At(1)).Events);
    }

    [Fact]
    public void RssAreAnsweredAtOnceThreeInARowThenOncePerSecond()
    {
        Usable();
        Run(0, 5);
        Assert.True(_machine.RouterSolicitationReceived(Leaf, At(5)).SendAdvertisement);
        Assert.True(_machine.RouterSolicitationReceived(Leaf, At(5.1)).SendAdvertisement);
        Assert.True(_machine.RouterSolicitationReceived(IPAddress.IPv6Any, At(5.2)).SendAdvertisement);
        Assert.False(_machine.RouterSolicitationReceived(Leaf, At(5.3)).SendAdvertisement);
        Assert.False(_machine.RouterSolicitationReceived(Leaf, At(5.4)).SendAdvertisement);
        Assert.Equal(At(6), _machine.NextDeadline);
        Assert.Equal([6.0], Run(5.4, 6.9).Advertisements); // two RSs, one answer when the bucket allows

        // A flood gets one RA a second.
        var answers = new List<double>();
        for (int tenth = 70; tenth <= 110; tenth++)
        {
            if (_machine.RouterSolicitationReceived(Leaf, At(tenth / 10.0)).SendAdvertisement)
            {
                answers.Add(tenth / 10.0);
            }
        }
        Assert.Equal([7.0, 8.0, 9.0, 10.0, 11.0], answers);

        // A quiet spell refills the bucket: the next restart is answered at once.
        Run(11, 20);
        Assert.True(_machine.RouterSolicitationReceived(Leaf, At(20.1)).SendAdvertisement);
    }

    [Fact]
    public void APeriodicRaAnswersAWaitingSolicitation()
    {
        var machine = new RouterDiscovery(Eth1, new RouterDiscoveryOptions { AnswerBurst = 1, AnswerInterval = At(5) });
        machine.LinkUp(At(0));
        machine.AddressUsable(Ours, At(0));
        Run(machine, 0, 11);
        Assert.True(machine.RouterSolicitationReceived(Leaf, At(11)).SendAdvertisement);
        machine.RouterSolicitationReceived(Leaf, At(11.5)); // would wait for 16 s, but the periodic RA is at 12 s
        Assert.Equal([12.0, 22.0], Run(machine, 11.5, 25).Advertisements);
    }

    [Fact]
    public void SolicitationsAreIgnoredWhileTentative()
    {
        _machine.LinkUp(At(0));
        _machine.AddressTentative(Ours, At(0));
        Assert.False(_machine.RouterSolicitationReceived(Leaf, At(0.5)).SendAdvertisement);
        Assert.Empty(Run(0.5, 3).Advertisements);
    }

    [Fact]
    public void APeerSilentForThirtySecondsIsReportedStaleAndKept()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        _machine.RouterAdvertisementReceived(Leaf, At(11));
        Assert.DoesNotContain(Run(11, 40.9).Events, e => e is PeerStale);
        var step = _machine.Tick(At(41));
        var stale = Assert.IsType<PeerStale>(step.Events[0]);
        Assert.Equal("eth1: no Router Advertisement seen for 30 s (peer fe80::1 kept)", stale.Describe());
        Assert.Equal(DiscoveryState.PeerStale, _machine.State);
        Assert.Equal("eth1: no Router Advertisement seen for 30 s (peer fe80::1 kept)", _machine.Describe());
        Assert.Equal(Leaf, _machine.Peer);

        step = _machine.RouterAdvertisementReceived(Leaf, At(50));
        Assert.Equal(DiscoveryState.PeerKnown, _machine.State);
        Assert.IsType<DiscoveryStateChanged>(Assert.Single(step.Events));
    }

    [Fact]
    public void NoRaForThirtySecondsAfterStartingIsReported()
    {
        Usable();
        Assert.Equal(DiscoveryState.Discovering, _machine.State);
        var events = Run(0, 30).Events;
        Assert.Equal(DiscoveryState.NoRouterAdvertisement, _machine.State);
        Assert.Equal("eth1: no Router Advertisement seen for 30 s", _machine.Describe());
        Assert.Equal("eth1: no Router Advertisement seen for 30 s", Assert.IsType<DiscoveryStateChanged>(Assert.Single(events)).Description);
        Assert.IsType<PeerLearned>(_machine.RouterAdvertisementReceived(Leaf, At(31)).Events[0]);
    }

    [Fact]
    public void ASecondRouterIsReportedAndTheFirstKept()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        Run(1, 2.5);
        var step = _machine.RouterAdvertisementReceived(Other, At(2.5));
        Assert.False(step.SendAdvertisement); // a second router is not a new peer: no answer
        var second = Assert.IsType<SecondRouter>(step.Events[0]);
        Assert.Equal((Leaf, Other), (second.Kept, second.Other));
        Assert.Equal(DiscoveryState.SeveralRouters, _machine.State);
        Assert.Equal("eth1: two routers answer (fe80::1, fe80::2)", _machine.Describe());
        Assert.Equal(Leaf, _machine.Peer);
        Assert.Equal([Other], _machine.OtherRouters);

        // Both keep advertising: nothing changes, nothing more is reported.
        for (int t = 10; t <= 60; t += 10)
        {
            Assert.Empty(_machine.RouterAdvertisementReceived(Leaf, At(t)).Events);
            Assert.Empty(_machine.RouterAdvertisementReceived(Other, At(t + 1)).Events);
        }
        // The second one goes quiet: after 30 s the link is back to one router.
        for (int t = 70; t <= 100; t += 10)
        {
            _machine.RouterAdvertisementReceived(Leaf, At(t));
        }
        Assert.Equal(DiscoveryState.PeerKnown, _machine.State);
        Assert.Empty(_machine.OtherRouters);
    }

    [Fact]
    public void AThirdRouterIsCountedInTheDescription()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        _machine.RouterAdvertisementReceived(Other, At(1));
        _machine.RouterAdvertisementReceived(IPAddress.Parse("fe80::3"), At(1));
        Assert.Equal("eth1: 3 routers answer (fe80::1, fe80::2, fe80::3)", _machine.Describe());
    }

    [Fact]
    public void OtherRoutersAreBounded()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        for (int i = 2; i < 100; i++)
        {
            _machine.RouterAdvertisementReceived(IPAddress.Parse($"fe80::{i:x}"), At(1));
        }
        Assert.Equal(new RouterDiscoveryOptions().MaxOtherRouters, _machine.OtherRouters.Count);
    }

    [Fact]
    public void APeerThatGoesQuietWhileANewAddressSpeaksHasChanged()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        _machine.RouterAdvertisementReceived(Other, At(5)); // first looks like a second router
        _machine.RouterAdvertisementReceived(Other, At(15));
        _machine.RouterAdvertisementReceived(Other, At(25));
        var changed = Assert.Single(Run(25, 31).Events.OfType<PeerChanged>());
        Assert.Equal((Leaf, Other), (changed.Previous, changed.Current));
        Assert.Equal("eth1: peer changed from fe80::1 to fe80::2", changed.Describe());
        Assert.Equal(Other, _machine.Peer);
        Assert.Equal(DiscoveryState.PeerKnown, _machine.State);
        Assert.Empty(_machine.OtherRouters);
    }

    [Fact]
    public void ANewAddressAfterTheStalePeerIsAChangeAtOnce()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        Run(1, 40);
        Assert.Equal(DiscoveryState.PeerStale, _machine.State);
        var step = _machine.RouterAdvertisementReceived(Other, At(45));
        Assert.IsType<PeerChanged>(step.Events[0]);
        Assert.True(step.SendAdvertisement); // the new address gets our RA at once, as a new peer would
        Assert.Equal(Other, _machine.Peer);
    }

    [Fact]
    public void LinkDownForgetsThePeerAndStopsSending()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        _machine.RouterAdvertisementReceived(Other, At(2));
        var step = _machine.LinkDown(At(3));
        var lost = Assert.IsType<PeerLost>(step.Events[0]);
        Assert.Equal((Leaf, "link down"), (lost.Peer, lost.Reason));
        Assert.Equal("eth1: link down", Assert.IsType<DiscoveryStateChanged>(step.Events[1]).Description);
        Assert.Null(_machine.Peer);
        Assert.Empty(_machine.OtherRouters);
        Assert.Empty(Run(3, 60).Advertisements);
        Assert.Null(_machine.NextDeadline);
        Assert.Empty(_machine.RouterAdvertisementReceived(Leaf, At(61)).Events); // a down link learns nothing

        step = _machine.LinkUp(At(62)); // the address stayed usable (accept_dad=0)
        Assert.True(step.SendAdvertisement && step.SendSolicitation);
        Assert.Equal(DiscoveryState.Discovering, _machine.State);
    }

    [Fact]
    public void RemovingTheInterfaceForgetsThePeer()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        Assert.Equal("interface removed", Assert.IsType<PeerLost>(_machine.Removed(At(2)).Events[0]).Reason);
        Assert.Equal(DiscoveryState.LinkDown, _machine.State);
    }

    [Fact]
    public void AnAddressThatTurnsTentativeAgainPausesSendingButKeepsThePeer()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(1));
        _machine.AddressTentative(Ours, At(2));
        Assert.Equal(Leaf, _machine.Peer);
        Assert.Empty(Run(2, 5).Advertisements);
        var step = _machine.AddressUsable(Ours, At(5));
        Assert.True(step.SendAdvertisement);
        Assert.False(step.SendSolicitation); // the peer is known: nothing to solicit
    }

    [Fact]
    public void ANewLinkLocalIsAdvertisedAtOnce()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(0.5));
        Run(0.5, 5);
        Assert.False(_machine.AddressUsable(Ours, At(5)).SendAdvertisement); // the same address again: nothing new
        var step = _machine.AddressUsable(IPAddress.Parse("fe80::12"), At(5.5));
        Assert.True(step.SendAdvertisement);
        Assert.False(step.SendSolicitation);
        Assert.Equal([6.5, 7.5, 17.5], Run(5.5, 18).Advertisements);
    }

    [Fact]
    public void LosingTheAddressStopsSending()
    {
        Usable();
        _machine.AddressRemoved(IPAddress.Parse("fe80::99"), At(0.5)); // not ours: ignored
        Assert.Equal(DiscoveryState.Discovering, _machine.State);
        _machine.AddressRemoved(Ours, At(0.5));
        Assert.Equal(DiscoveryState.NoAddress, _machine.State);
        Assert.Null(_machine.LinkLocal);
        Assert.Empty(Run(0.5, 20).Advertisements);
    }

    [Fact]
    public void AnIncomingConnectionTeachesThePeer()
    {
        Usable();
        var step = _machine.IncomingConnection(Leaf, At(0.5));
        var learned = Assert.IsType<PeerLearned>(step.Events[0]);
        Assert.Equal(PeerSource.IncomingConnection, learned.Source);
        Assert.False(step.SendAdvertisement); // it connected to us: it knows us already
        Assert.Empty(Run(0.5, 5).Solicitations);
        Assert.Empty(_machine.IncomingConnection(Leaf, At(6)).Events);
        // A connection proves a session, not RAs: without them the link is reported quiet after 30 s.
        Assert.IsType<PeerStale>(Assert.Single(Run(6, 31).Events.OfType<PeerStale>()));
    }

    [Fact]
    public void AConnectionFromAnotherAddressIsASecondRouter()
    {
        Usable();
        _machine.RouterAdvertisementReceived(Leaf, At(0.5));
        Assert.IsType<SecondRouter>(_machine.IncomingConnection(Other, At(1)).Events[0]);
        Assert.Equal(Leaf, _machine.Peer);
    }

    [Fact]
    public void OurOwnRasAndNonLinkLocalSourcesAreNotPeers()
    {
        Usable();
        Assert.Empty(_machine.RouterAdvertisementReceived(Ours, At(0.5)).Events);
        Assert.Empty(_machine.RouterAdvertisementReceived(new IPAddress(Ours.GetAddressBytes(), 7), At(0.5)).Events);
        Assert.Empty(_machine.RouterAdvertisementReceived(IPAddress.Parse("2001:db8::1"), At(0.5)).Events);
        Assert.False(_machine.RouterSolicitationReceived(Ours, At(0.6)).SendAdvertisement);
        Assert.Null(_machine.Peer);
    }

    [Fact]
    public void EveryStateChangeIsReportedOnce()
    {
        var descriptions = new List<string>();
        void Record(DiscoveryStep step) => descriptions.AddRange(step.Events.OfType<DiscoveryStateChanged>().Select(e => e.Description));
        Record(_machine.LinkUp(At(0)));
        Record(_machine.AddressTentative(Ours, At(0)));
        Record(_machine.AddressTentative(Ours, At(0.5)));
        Record(_machine.AddressUsable(Ours, At(1)));
        Record(_machine.RouterAdvertisementReceived(Leaf, At(1.1)));
        Record(_machine.LinkDown(At(2)));
        Assert.Equal(
            ["eth1: no IPv6 link-local address", "eth1: address tentative", "eth1: waiting for a Router Advertisement", "eth1: peer fe80::1", "eth1: link down"],
            descriptions);
    }

    [Fact]
    public void UnusableOptionsAreRefused()
    {
        var options = new RouterDiscoveryOptions { AdvertisementInterval = TimeSpan.Zero, InitialAdvertisements = 0, AnswerBurst = 0 };
        Assert.Equal(3, options.Validate().Count);
        Assert.Throws<ArgumentException>(() => new RouterDiscovery(Eth1, options));
        Assert.Empty(new RouterDiscoveryOptions().Validate());
    }
}
