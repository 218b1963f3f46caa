using System.Net;
using System.Net.Sockets;
using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>Peers that attack the daemon's time and memory rather than its parser (issue 10 item 3).</summary>
public sealed class ResourceTests(DaemonFixture fixture) : HostileTest(fixture)
{
    private const int Slowloris = 8;
    private const int Flood = 200;
    private const long MemoryBoundKib = 32 * 1024;

    /// <summary>
    /// Eight peers send their OPEN one byte a second for 10 s (the OpenSent hold time, 240 s, will not
    /// stop them that soon). Meanwhile the good session keeps getting KEEPALIVEs, a new peer establishes
    /// and its route is accepted, and memory stays put. Then each sends the rest of its OPEN, and the
    /// daemon, which framed the drip correctly, answers with its KEEPALIVE.
    /// </summary>
    [Fact]
    public async Task OneBytePerSecondPeersDoNotStallOtherSessions()
    {
        var dripping = new List<(HostileSlot Slot, WirePeer Peer, byte[] Open)>();
        for (int i = 0; i < Slowloris; i++)
        {
            var (slot, peer) = await ConnectAsync();
            await peer.NextAsync<OpenMessage>("the daemon's OPEN");
            dripping.Add((slot, peer, MessageEncoder.ToBytes(HostileOpen(slot), CodecContext.Initial)));
        }
        long memoryBefore = Daemon.ResidentKib();
        int keepalivesBefore = Fixture.Good.KeepalivesReceived;
        var drip = Task.WhenAll(dripping.Select(d => DripAsync(d.Peer, d.Open, seconds: 10)));

        var (other, otherPeer) = await EstablishAsync();
        await otherPeer.SendAsync(Raw.Announce(other.Subject));
        await WaitForRouteAsync(other, other.Subject);
        Assert.False(drip.IsCompleted, "the bystander's session should have come up while the drip was still going");
        await drip;

        Assert.True(Fixture.Good.KeepalivesReceived >= keepalivesBefore + 2,
            $"the good peer got {Fixture.Good.KeepalivesReceived - keepalivesBefore} KEEPALIVEs in 10 s (hold 9, keepalive 3)");
        long grown = Daemon.ResidentKib() - memoryBefore;
        Assert.True(grown < MemoryBoundKib, $"resident memory grew by {grown} KiB during the drip");
        foreach (var (slot, peer, open) in dripping)
        {
            await peer.SendAsync(open[10..]);
            await peer.NextAsync<KeepaliveMessage>($"{slot.Name}'s KEEPALIVE after the dripped OPEN");
        }
        await AssertUnharmedAsync();
    }

    private static async Task DripAsync(WirePeer peer, byte[] open, int seconds)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (int i = 0; i < seconds; i++)
        {
            await peer.SendAsync(open[i..(i + 1)]);
            await timer.WaitForNextTickAsync();
        }
    }

    /// <summary>
    /// No neighbor is configured for 127.0.0.4: each of 200 connections is closed at once, without a
    /// byte, and the log says so without one line per connection (the first at once, then a count at
    /// most every 10 s).
    /// </summary>
    [Fact]
    public async Task ConnectionFloodFromAnUnknownAddressIsRefused()
    {
        var stranger = IPAddress.Parse("127.0.0.4");
        const string Refusal = "connection(s) from 127.0.0.4: no neighbor configured";
        int logged = CountLog(Refusal);
        long memoryBefore = Daemon.ResidentKib();
        var outcomes = await FloodAsync(stranger);
        Assert.All(outcomes, o => Assert.True(o.Count == 1 && o[0].IsClosed, $"expected a bare close, got {string.Join(", ", o)}"));
        await Wait.UntilAsync(() => Task.FromResult(CountLog(Refusal) > logged), Wait.Default, "a refusal of 127.0.0.4 in the log", () => Daemon.Log);
        Assert.InRange(CountLog(Refusal) - logged, 1, 2);
        long grown = Daemon.ResidentKib() - memoryBefore;
        Assert.True(grown < MemoryBoundKib, $"resident memory grew by {grown} KiB during the flood");
        await AssertUnharmedAsync();
    }

    /// <summary>
    /// RFC 4271 §6.8: a connection from a peer whose session is Established is closed with a Cease
    /// (RFC 4486 subcode 7, Connection Collision Resolution); the established session carries on.
    /// With 20 at a time, those beyond the 4 pending connections allowed per source are closed before
    /// the session sees them, without a Cease.
    /// </summary>
    [Fact]
    public async Task ConnectionFloodFromAnEstablishedPeerIsRefusedAndTheSessionStays()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Announce(slot.Subject));
        await WaitForRouteAsync(slot, slot.Subject);
        var outcomes = await FloodAsync(slot.Address);
        int ceased = 0;
        foreach (var received in outcomes)
        {
            var notification = received.FirstOrDefault()?.Notification;
            bool cease = notification is { Code: ErrorCode.Cease, Subcode: CeaseSubcode.ConnectionCollisionResolution } && received[^1].IsClosed;
            bool capped = received.Count == 1 && received[0].IsClosed;
            Assert.True(cease || capped, $"expected Cease/Connection Collision Resolution and a close, or a bare close, got {string.Join(", ", received)}");
            ceased += cease ? 1 : 0;
        }
        Assert.True(ceased >= Flood / 20, $"only {ceased} of {Flood} connections got the Cease");
        await ProbeAsync(slot, peer);
        Assert.Contains(slot.Subject, (await Daemon.RoutesFromAsync(slot.Name)).Keys);
        await AssertSessionUpAsync(slot, peer);
        await AssertUnharmedAsync();
    }

    /// <summary>
    /// 500 connections from one configured neighbor's address, 50 at a time, all held open by the
    /// attacker and never sending a byte. The daemon keeps at most 4 of them (PendingInbound.MaxPerSource)
    /// and closes the rest at once, so its descriptors stay bounded; the refusals are logged, rate-limited;
    /// the good session is untouched.
    /// </summary>
    [Fact]
    public async Task ConnectionFloodFromOneSourceIsCappedAndTheLogStaysQuiet()
    {
        var slot = Fixture.NextHostile();
        int before = Daemon.OpenDescriptors();
        int peak = before;
        var sockets = new List<Socket>();
        try
        {
            for (int batch = 0; batch < 10; batch++)
            {
                sockets.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => OpenAsync(slot.Address))));
                peak = Math.Max(peak, Daemon.OpenDescriptors());
            }
            await Task.Delay(500);
            peak = Math.Max(peak, Daemon.OpenDescriptors());
            var outcomes = await Task.WhenAll(sockets.Select(OutcomeAsync));
            int closed = outcomes.Count(o => o == "closed");
            int open = outcomes.Count(o => o == "OPEN");
            int silent = outcomes.Count(o => o == "silence"); // held, unanswered, as a collision candidate (RFC 4271 §6.8)
            var refusals = Daemon.Log.Split('\n').Where(l => l.Contains($"connection(s) from {slot.Address}: it already has", StringComparison.Ordinal)).ToList();
            long refused = refusals.Sum(l => long.Parse(l[(l.IndexOf("refused ", StringComparison.Ordinal) + 8)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
            string figures = $"{Flood500} connections: {open} got the daemon's OPEN, {silent} were held silently, {closed} were closed; {refused} refusals reported in {refusals.Count} log line(s); daemon descriptors {before} before, {peak} at the peak";
            Assert.True(open + silent + closed == Flood500, $"{figures}; other outcomes: {string.Join(", ", outcomes.Where(o => o is not "closed" and not "OPEN" and not "silence").Distinct())}");
            Assert.True(open + silent is >= 1 and <= 4, figures);
            Assert.True(refused >= 1 && refusals.Count <= 2, figures);
            Assert.True(peak - before <= 12, figures);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
        await AssertUnharmedAsync();
    }

    private const int Flood500 = 500;

    private async Task<Socket> OpenAsync(IPAddress source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(Fixture.EndPoint, timeout.Token);
        return socket;
    }

    /// <summary>"OPEN" when the daemon kept the connection and sent its OPEN; "closed" when it closed it; else what happened.</summary>
    private static async Task<string> OutcomeAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return n == 0 ? "closed" : n >= 19 && buffer[18] == 1 ? "OPEN" : $"{n} octets of type {buffer[18]}";
        }
        catch (OperationCanceledException)
        {
            return "silence";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionReset ? "closed" : e.SocketErrorCode.ToString();
        }
    }

    /// <summary>200 connections from <paramref name="source"/>, 20 at a time; what each received before its close.</summary>
    private async Task<List<List<Incoming>>> FloodAsync(IPAddress source)
    {
        var outcomes = new List<List<Incoming>>();
        for (int batch = 0; batch < Flood / 20; batch++)
        {
            outcomes.AddRange(await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => KnockAsync(source))));
        }
        return outcomes;
    }

    private async Task<List<Incoming>> KnockAsync(IPAddress source)
    {
        await using var peer = await WirePeer.ConnectAsync(source, Fixture.EndPoint);
        return await peer.UntilClosedAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// 300 treat-as-withdraw UPDATEs from one peer: each is counted (neighbors JSON
    /// "malformedUpdates"), but the log names the first at once and the rest as a count at most every
    /// 10 s; the session stays up and the other peers are untouched.
    /// </summary>
    [Fact]
    public async Task MalformedUpdateFloodIsCountedButDoesNotFloodTheLog()
    {
        var (slot, peer) = await EstablishAsync();
        string line = $"neighbor {slot.Name}: malformed UPDATE, routes treated as withdrawn";
        var malformed = Raw.Update(Raw.Cat(Raw.Origin(3), Raw.AsPath(Raw.HostileAs), Raw.NextHop("198.18.0.1")), Raw.Nlri(slot.Subject));
        for (int i = 0; i < 300; i++)
        {
            await peer.SendAsync(malformed);
        }
        await ProbeAsync(slot, peer);

        Assert.Equal(300, (await Daemon.NeighborAsync(slot.Name)).GetProperty("malformedUpdates").GetInt64());
        Assert.InRange(CountLog(line), 1, 2);
        await AssertSessionUpAsync(slot, peer);
        await AssertUnharmedAsync();
    }

    private int CountLog(string text)
    {
        var log = Daemon.Log;
        int count = 0;
        for (int at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
