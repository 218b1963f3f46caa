using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Session.Runtime;
using BgpSpeaker.Session.Transport;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Time.Testing;

namespace BgpSpeaker.Session.Tests.Runtime;

/// <summary>A runner against scripted in-memory peers: the whole session path short of sockets.</summary>
public class PeerRunnerTests
{
    private const uint LocalId = 0x0A00000A; // 10.0.0.10
    private const uint PeerAs = 65001;

    private static PeerSettings Settings(bool passive = true) => new()
    {
        LocalAs = 65010,
        LocalRouterId = LocalId,
        RemoteAs = ExpectedAs.Of(PeerAs),
        HoldTime = HoldTime.FromSeconds(9),
        Passive = passive,
    };

    private static OpenMessage PeerOpen(uint asn = PeerAs, uint id = 0x0AFF0001, ushort hold = 9) =>
        OpenMessage.Create(asn, hold, id, [new MultiprotocolCapability(AfiSafi.Ipv4Unicast), new FourOctetAsCapability(asn), new RouteRefreshCapability()]);

    /// <summary>A passive runner for leaf1, started, reporting to <paramref name="observer"/>.</summary>
    private static PeerRunner StartPassive(RecordingObserver observer, TimeProvider? time = null)
    {
        var runner = new PeerRunner("leaf1", Settings(), null, observer, time ?? TimeProvider.System);
        runner.Start();
        return runner;
    }

    /// <summary>Accepts a connection and reads our OPEN on it: the peer is now in OpenSent with us.</summary>
    private static async Task<ScriptedPeer> OpenSentAsync(PeerRunner runner)
    {
        var (ours, peer) = InMemoryTransport.Pair();
        await runner.AcceptAsync(ours);
        await peer.ExpectAsync<OpenMessage>();
        return peer;
    }

    /// <summary>Accepts a connection and exchanges OPEN and KEEPALIVE until Established.</summary>
    private static async Task<(ScriptedPeer Peer, NegotiatedSession Session)> EstablishAsync(PeerRunner runner, RecordingObserver observer)
    {
        var (ours, peer) = InMemoryTransport.Pair();
        await runner.AcceptAsync(ours);
        var open = await peer.ExpectAsync<OpenMessage>();
        Assert.Equal(65010u, open.AsNumber);
        Assert.Equal(LocalId, open.BgpIdentifier);
        await peer.SendAsync(PeerOpen());
        await peer.ExpectAsync<KeepaliveMessage>();
        await peer.SendAsync(KeepaliveMessage.Instance);
        var session = await observer.NextAsync<NegotiatedSession>();
        peer.Context = session.Codec;
        return (peer, session);
    }

    private static UpdateMessage Announce(string prefix) => new()
    {
        Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(PeerAs) },
        NextHop = NextHop.V4(0x0AFF0001),
        Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, Prefix.Parse(prefix)),
    };

    [Fact]
    public async Task PassivePeerEstablishesReceivesUpdatesAndSeesTheShutdownCommunication()
    {
        var observer = new RecordingObserver();
        await using var runner = StartPassive(observer);
        var (peer, session) = await EstablishAsync(runner, observer);
        Assert.True(session.Codec.FourOctetAs);
        Assert.Equal(9, session.HoldTime.Seconds);
        Assert.Equal(SessionState.Established, runner.State);

        await peer.SendAsync(Announce("192.0.2.0/24"));
        var update = await observer.NextAsync<UpdateMessage>();
        Assert.Equal("192.0.2.0/24", update.Nlri.ToList().Single().Prefix.ToString());

        await peer.SendAsync(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "leaf maintenance"));
        var down = await observer.NextAsync<DownReason>();
        Assert.Equal(DownKind.NotificationReceived, down.Kind);
        Assert.True(down.WasEstablished);
        Assert.Contains("leaf maintenance", down.Describe());
        Assert.Equal(1, runner.Flaps);
        Assert.Equal(1, runner.Received.Update);
    }

    [Fact]
    public async Task HoldTimerExpiryOnAFakeClockSendsTheNotificationAndGoesDown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var observer = new RecordingObserver();
        await using var runner = StartPassive(observer, time);
        var (peer, _) = await EstablishAsync(runner, observer);

        time.Advance(TimeSpan.FromSeconds(10)); // past the 9 s hold time, with no KEEPALIVE from the peer
        var down = await observer.NextAsync<DownReason>();
        Assert.Equal(DownKind.HoldTimerExpired, down.Kind);
        var notification = Assert.IsType<NotificationMessage>(await peer.ReceiveSkippingKeepalivesAsync());
        Assert.Equal(ErrorCode.HoldTimerExpired, notification.Code);
        Assert.Null(await peer.ReceiveAsync()); // and the connection is closed
    }

    [Theory]
    [InlineData(65002u, 0x0AFF0001u, ErrorCode.OpenMessage, OpenSubcode.BadPeerAs)]
    public async Task WrongPeerAsIsRefusedWithTheRfcNotification(uint asn, uint id, ErrorCode code, byte subcode)
    {
        var observer = new RecordingObserver();
        await using var runner = StartPassive(observer);
        var peer = await OpenSentAsync(runner);
        await peer.SendAsync(PeerOpen(asn, id));
        var notification = await peer.ExpectAsync<NotificationMessage>();
        Assert.Equal(code, notification.Code);
        Assert.Equal(subcode, notification.Subcode);
        Assert.Equal(DownKind.NotificationSent, (await observer.NextAsync<DownReason>()).Kind);
    }

    [Fact]
    public async Task MalformedOpenIsAnsweredWithItsClassification()
    {
        var observer = new RecordingObserver();
        await using var runner = StartPassive(observer);
        var peer = await OpenSentAsync(runner);
        // BGP Identifier 0.0.0.0 (RFC 6286).
        await peer.SendRawAsync(Convert.FromHexString("ffffffffffffffffffffffffffffffff001d0104fde90009000000000000"));
        var notification = await peer.ExpectAsync<NotificationMessage>();
        Assert.Equal(ErrorCode.OpenMessage, notification.Code);
        Assert.Equal(OpenSubcode.BadBgpIdentifier, notification.Subcode);
    }

    [Fact]
    public async Task UpdateThatResetsTheSessionIsAnsweredAndTreatAsWithdrawIsDelivered()
    {
        var observer = new RecordingObserver();
        await using var runner = StartPassive(observer);
        var (peer, _) = await EstablishAsync(runner, observer);

        // ORIGIN 3: treat-as-withdraw; the session stays up and the routing core gets the UPDATE.
        await peer.SendRawAsync(Convert.FromHexString("ffffffffffffffffffffffffffffffff002802" + "0000000d40010103400206020100" + "00fde9" + "18c00002"));
        var taw = await observer.NextAsync<UpdateMessage>();
        Assert.Equal(ErrorAction.TreatAsWithdraw, taw.Action);

        // NLRI /33: session reset with UPDATE Message Error/Invalid Network Field.
        await peer.SendRawAsync(Convert.FromHexString("ffffffffffffffffffffffffffffffff001c02" + "00000000" + "21c0000200"));
        var notification = Assert.IsType<NotificationMessage>(await peer.ReceiveSkippingKeepalivesAsync());
        Assert.Equal(ErrorCode.UpdateMessage, notification.Code);
        Assert.Equal(UpdateSubcode.InvalidNetworkField, notification.Subcode);
        Assert.Equal(DownKind.NotificationSent, (await observer.NextAsync<DownReason>()).Kind);
    }

    [Fact]
    public async Task OperatorShutdownSendsCeaseWithTheCommunication()
    {
        var observer = new RecordingObserver();
        await using var runner = StartPassive(observer);
        var (peer, _) = await EstablishAsync(runner, observer);
        runner.Shutdown(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "node drain"));
        var notification = Assert.IsType<NotificationMessage>(await peer.ReceiveSkippingKeepalivesAsync());
        Assert.Equal("node drain", notification.ShutdownCommunication);
        Assert.Equal(DownKind.AdminShutdown, (await observer.NextAsync<DownReason>()).Kind);
    }

    private sealed class QueueConnector(params Func<IBgpTransport>[] attempts) : IPeerConnector
    {
        private int _next;

        public int Attempts => _next;

        public Task<IBgpTransport> ConnectAsync(CancellationToken cancellationToken)
        {
            var attempt = attempts[Math.Min(_next++, attempts.Length - 1)];
            return Task.FromResult(attempt());
        }
    }

    [Fact]
    public async Task ActivePeerRetriesAfterAFailedConnectOnTheConnectRetryTimer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var (ours, peer) = InMemoryTransport.Pair();
        var connector = new QueueConnector(() => throw new IOException("connection refused"), () => ours);
        var observer = new RecordingObserver();
        await using var runner = new PeerRunner("leaf1", Settings(passive: false), connector, observer, time);
        runner.Start();
        await observer.ReachesAsync(SessionState.Active); // the first attempt failed
        time.Advance(TimeSpan.FromSeconds(6)); // ConnectRetryTime is 5 s (with jitter below it)
        await peer.ExpectAsync<OpenMessage>();
        Assert.Equal(2, connector.Attempts);
        await peer.SendAsync(PeerOpen());
        await peer.ExpectAsync<KeepaliveMessage>();
        await peer.SendAsync(KeepaliveMessage.Instance);
        await observer.NextAsync<NegotiatedSession>();
    }

    [Theory]
    [InlineData(0x0AFF0001u, true)]  // peer's id is higher: its connection (our inbound) survives
    [InlineData(0x01000001u, false)] // ours is higher: our outbound connection survives
    public async Task CollisionKeepsTheConnectionOfTheHigherIdentifier(uint peerId, bool inboundSurvives)
    {
        var (outbound, outboundPeer) = InMemoryTransport.Pair("outbound");
        var (inbound, inboundPeer) = InMemoryTransport.Pair("inbound");
        var connector = new QueueConnector(() => outbound);
        var observer = new RecordingObserver();
        await using var runner = new PeerRunner("leaf1", Settings(passive: false), connector, observer, TimeProvider.System);
        runner.Start();
        await outboundPeer.ExpectAsync<OpenMessage>(); // OpenSent on our connection
        await runner.AcceptAsync(inbound);              // the peer connected to us at the same time
        await outboundPeer.SendAsync(PeerOpen(id: peerId));

        var (winner, loser) = inboundSurvives ? (inboundPeer, outboundPeer) : (outboundPeer, inboundPeer);
        BgpMessage? message;
        while ((message = await loser.ReceiveAsync()) is OpenMessage or KeepaliveMessage)
        {
        }
        var cease = Assert.IsType<NotificationMessage>(message);
        Assert.Equal(ErrorCode.Cease, cease.Code);
        Assert.Equal(CeaseSubcode.ConnectionCollisionResolution, cease.Subcode);

        if (inboundSurvives)
        {
            await winner.ExpectAsync<OpenMessage>();
            await winner.SendAsync(PeerOpen(id: peerId));
        }
        await winner.ExpectAsync<KeepaliveMessage>();
        await winner.SendAsync(KeepaliveMessage.Instance);
        await observer.NextAsync<NegotiatedSession>();
        Assert.Equal(SessionState.Established, runner.State);
    }

    [Fact]
    public async Task ConnectionWhileEstablishedIsRefused()
    {
        var observer = new RecordingObserver();
        await using var runner = StartPassive(observer);
        await EstablishAsync(runner, observer);
        var (second, secondPeer) = InMemoryTransport.Pair("second");
        await runner.AcceptAsync(second);
        var cease = await secondPeer.ExpectAsync<NotificationMessage>();
        Assert.Equal(CeaseSubcode.ConnectionCollisionResolution, cease.Subcode);
        Assert.Null(await secondPeer.ReceiveAsync());
        Assert.Equal(SessionState.Established, runner.State);
    }

    [Fact]
    public async Task PeerThatStopsReadingIsDroppedOnceItsQueueIsFullWithoutBlockingTheSender()
    {
        var observer = new RecordingObserver();
        await using var runner = new PeerRunner("leaf1", Settings(), null, observer, TimeProvider.System) { MaxQueuedBytes = 512 * 1024 };
        runner.Start();
        await EstablishAsync(runner, observer); // from here on the peer reads nothing
        var chunk = new byte[64 * 1024];
        int accepted = 0;
        for (int i = 0; i < 16; i++)
        {
            // Each hand-over returns at once although the socket is full: the routing core never waits on one peer.
            if (await runner.SendUpdatesAsync(chunk, 1, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5)))
            {
                accepted++;
            }
        }
        // About 512 KB queued, then refused. Once the peer is dropped its queue drains (writes to the
        // aborted connection fail at once), so a hand-over that races the drop may be taken again: at
        // least one refusal, not an exact count.
        Assert.InRange(accepted, 7, 15);
        Assert.True(runner.QueuedBytes <= runner.MaxQueuedBytes);
        await observer.NextAsync<DownReason>();
        lock (observer.Notes)
        {
            Assert.Contains(observer.Notes, n => n.Contains("does not read", StringComparison.Ordinal));
        }
        Assert.NotEqual(SessionState.Established, runner.State);
    }
}
