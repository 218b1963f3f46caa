using System.Net;
using System.Text.Json;
using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// The <c>localPeers</c> entry of the shared daemon (a load-balancer speaker's range, maxPeers 2,
/// pool 10.96.0.0/12): any address of the range gets a session, only host routes inside the pool are
/// kept, nothing is sent to it, a third speaker is refused and counted, a wrong AS is refused with a
/// NOTIFICATION; the good peer never notices.
/// </summary>
public sealed class LocalPeerTests(DaemonFixture fixture) : HostileTest(fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task SpeakersInTheRangeGetSessionsUpToMaxPeersAndOnlyPoolHostRoutesAreKept()
    {
        var first = await WirePeer.ConnectAsync(LocalPeer.Address(1), Fixture.EndPoint);
        await using var _ = first;
        await first.EstablishAsync(WirePeer.Open(LocalPeer.As, 0, "10.2.0.1"));
        await first.SendAsync(Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(LocalPeer.As), Raw.NextHop("198.18.0.1")),
            Raw.Nlri("10.96.0.10/32", "10.96.1.0/24", "192.0.2.10/32")));

        var slot = await UntilAsync($"{LocalPeer.Name}-1", n => n.GetProperty("announcements").GetProperty("received").GetInt64() == 3);
        Assert.Equal("127.0.2.1", slot.GetProperty("address").GetString());
        Assert.True(slot.GetProperty("prefixesReceived").GetInt32() == 1, slot.ToString() + "\n" + Daemon.Log);
        Assert.Equal(2, slot.GetProperty("announcements").GetProperty("rejectedByPolicy").GetInt64());
        Assert.Equal(["10.96.0.10/32"], (await Daemon.RoutesFromAsync($"{LocalPeer.Name}-1")).Keys);
        // Redistributed to the other peers (the good one exports everything), never sent back to the speaker.
        await Wait.UntilAsync(() => Task.FromResult(Fixture.Good.Holds("10.96.0.10/32")), Wait.Default, "the good peer to receive 10.96.0.10/32", () => Daemon.Log);
        Assert.False(Fixture.Good.Holds("10.96.1.0/24") || Fixture.Good.Holds("192.0.2.10/32"), "a refused route reached the good peer");
        Assert.DoesNotContain(first.Drain(), i => i.Message is UpdateMessage u && u.EndOfRib is null);

        var second = await WirePeer.ConnectAsync(LocalPeer.Address(2), Fixture.EndPoint);
        await using var __ = second;
        await second.EstablishAsync(WirePeer.Open(LocalPeer.OtherAs, 0, "10.2.0.2"));
        Assert.Equal("127.0.2.2", (await UntilAsync($"{LocalPeer.Name}-2", n => n.GetProperty("state").GetString() == "Established")).GetProperty("address").GetString());

        // Both sessions busy: a third speaker is closed before any OPEN, and counted.
        var third = await WirePeer.ConnectAsync(LocalPeer.Address(3), Fixture.EndPoint);
        await using var ___ = third;
        var closed = await third.UntilClosedAsync();
        Assert.DoesNotContain(closed, i => i.Message is not null);
        var summary = await Daemon.ShowAsync("summary");
        var entry = summary.GetProperty("localPeers").EnumerateArray().Single();
        Assert.Equal(2, entry.GetProperty("established").GetInt32());
        Assert.True(entry.GetProperty("connectionsRefused").GetProperty("maxPeers").GetInt64() >= 1);
        var metrics = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{Fixture.MetricsPort}/metrics"));
        Assert.Contains($"bgpspeaker_local_peer_sessions{{local_peer=\"{LocalPeer.Name}\"}} 2", metrics, StringComparison.Ordinal);
        Assert.Matches($"bgpspeaker_local_peer_connections_refused_total\\{{local_peer=\"{LocalPeer.Name}\",reason=\"max_peers\"\\}} [1-9]", metrics);
        Assert.Contains($"bgpspeaker_neighbor_announcements_rejected_total{{peer=\"{LocalPeer.Name}-1\",interface=\"\",peer_as=\"{LocalPeer.As}\",reason=\"policy\"}} 2",
            metrics, StringComparison.Ordinal);

        // The first speaker leaves: its slot frees, and a speaker with an AS outside the list is refused by its OPEN.
        await first.DisposeAsync();
        await UntilAsync($"{LocalPeer.Name}-1", n => n.GetProperty("state").GetString() is "Active");
        var stranger = await WirePeer.ConnectAsync(LocalPeer.Address(4), Fixture.EndPoint);
        await using var ____ = stranger;
        await stranger.SendAsync(WirePeer.Open(Raw.HostileAs, 0, "10.2.0.4"));
        var refusal = await stranger.NextAsync<NotificationMessage>("NOTIFICATION 2/2 (bad peer AS)", diagnostics: () => Daemon.Log);
        Assert.Equal((ErrorCode.OpenMessage, (byte)2), (refusal.Code, refusal.Subcode));
        Assert.Empty(await Daemon.RoutesFromAsync($"{LocalPeer.Name}-1")); // the first speaker's route left with it
        await Wait.UntilAsync(() => Task.FromResult(!Fixture.Good.Holds("10.96.0.10/32")), Wait.Default, "the good peer to see 10.96.0.10/32 withdrawn", () => Daemon.Log);
        await AssertUnharmedAsync();
    }

    private async Task<JsonElement> UntilAsync(string name, Func<JsonElement, bool> condition)
    {
        JsonElement found = default;
        await Wait.UntilAsync(async () =>
        {
            var all = (await Daemon.ShowAsync("neighbors")).GetProperty("neighbors").EnumerateArray().ToList();
            found = all.FirstOrDefault(n => n.GetProperty("name").GetString() == name);
            return found.ValueKind == JsonValueKind.Object && condition(found);
        }, Wait.Default, $"neighbor {name} to reach the expected state", () => Daemon.Log);
        return found;
    }
}
