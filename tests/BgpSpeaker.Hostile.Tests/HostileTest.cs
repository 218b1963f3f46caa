using System.Text.Json;
using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// What every hostile case checks: (a) what the hostile peer gets back, (b) the daemon still runs,
/// (c) the well-behaved session was never reset and its route is still there, (d) the daemon's
/// neighbors JSON or log names what happened.
/// </summary>
[Collection(DaemonCollection.Name)]
public abstract class HostileTest(DaemonFixture fixture) : IAsyncLifetime
{
    private readonly List<WirePeer> _peers = [];

    internal DaemonFixture Fixture => fixture;

    internal DaemonProcess Daemon => fixture.Daemon;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }
    }

    internal static OpenMessage HostileOpen(HostileSlot slot, ushort holdTime = 0) => WirePeer.Open(Raw.HostileAs, holdTime, slot.RouterId);

    /// <summary>A TCP connection from a fresh hostile address; the daemon has sent nothing yet, or its OPEN.</summary>
    internal async Task<(HostileSlot Slot, WirePeer Peer)> ConnectAsync()
    {
        var slot = fixture.NextHostile();
        var peer = await WirePeer.ConnectAsync(slot.Address, fixture.EndPoint);
        _peers.Add(peer);
        return (slot, peer);
    }

    /// <summary>
    /// An established hostile session. It proposes hold time 0, so no KEEPALIVE is due however long the
    /// test takes: the only way this session ends is the daemon's decision.
    /// </summary>
    internal async Task<(HostileSlot Slot, WirePeer Peer)> EstablishAsync()
    {
        var (slot, peer) = await ConnectAsync();
        await peer.EstablishAsync(HostileOpen(slot));
        return (slot, peer);
    }

    /// <summary>(a) the NOTIFICATION and then the close, (d) lastDown names it, (b)(c).</summary>
    internal async Task ExpectResetAsync(HostileSlot slot, WirePeer peer, ErrorCode code, byte subcode, byte[]? data = null, string kind = "NotificationSent")
    {
        var notification = await peer.NextAsync<NotificationMessage>($"NOTIFICATION {(byte)code}/{subcode}", diagnostics: () => Daemon.Log);
        string got = $"{(byte)notification.Code}/{notification.Subcode} ({notification.Describe()})";
        Assert.True(notification.Code == code && notification.Subcode == subcode,
            $"expected NOTIFICATION {(byte)code}/{subcode} ({ErrorNames.Describe(code, subcode)}), got {got}");
        if (data is not null)
        {
            Assert.True(data.AsSpan().SequenceEqual(notification.Data),
                $"NOTIFICATION {got}: expected data {Convert.ToHexString(data)}, got {Convert.ToHexString(notification.Data)}");
        }
        var after = await peer.UntilClosedAsync();
        Assert.DoesNotContain(after, i => i.Message is not null and not KeepaliveMessage);
        await ExpectLastDownAsync(slot, kind, ErrorNames.Describe(code, subcode));
        await AssertUnharmedAsync();
    }

    internal async Task ExpectLastDownAsync(HostileSlot slot, string kind, string mention)
    {
        JsonElement last = default;
        await Wait.UntilAsync(async () =>
        {
            var neighbor = await Daemon.NeighborAsync(slot.Name);
            if (!neighbor.TryGetProperty("lastDown", out last))
            {
                return false;
            }
            return last.GetProperty("kind").GetString() == kind && last.GetProperty("reason").GetString()!.Contains(mention, StringComparison.Ordinal);
        }, Wait.Default, $"{slot.Name}'s lastDown to be {kind} naming '{mention}'", () => $"lastDown: {last}\n{Daemon.Log}");
    }

    /// <summary>
    /// RFC 7606 treat-as-withdraw: the subject prefix, announced first, is gone after the malformed
    /// UPDATE; the session stays up and keeps working (a later announcement is accepted); the log says why.
    /// </summary>
    internal async Task ExpectTreatAsWithdrawAsync(Func<HostileSlot, byte[]> malformed)
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Announce(slot.Subject));
        await WaitForRouteAsync(slot, slot.Subject);
        await peer.SendAsync(malformed(slot));
        await ProbeAsync(slot, peer);
        var routes = await Daemon.RoutesFromAsync(slot.Name);
        if (routes.TryGetValue(slot.Subject, out var kept))
        {
            Assert.Fail($"{slot.Subject} is still in routes after a treat-as-withdraw UPDATE: {kept}\n{Daemon.Log}");
        }
        await AssertSessionUpAsync(slot, peer);
        await WaitForLogAsync($"neighbor {slot.Name}: malformed UPDATE, routes treated as withdrawn");
        await AssertUnharmedAsync();
    }

    /// <summary>The UPDATE is accepted: its subject prefix appears, the session stays up. Returns the route.</summary>
    internal async Task<JsonElement> ExpectAcceptedAsync(HostileSlot slot, WirePeer peer, byte[] update)
    {
        await peer.SendAsync(update);
        await WaitForRouteAsync(slot, slot.Subject);
        await ProbeAsync(slot, peer);
        await AssertSessionUpAsync(slot, peer);
        await AssertUnharmedAsync();
        return (await Daemon.RoutesFromAsync(slot.Name))[slot.Subject];
    }

    /// <summary>Announces the slot's probe prefix and waits for it: everything sent before it has been processed.</summary>
    internal async Task ProbeAsync(HostileSlot slot, WirePeer peer)
    {
        await peer.SendAsync(Raw.Announce(slot.Probe));
        await WaitForRouteAsync(slot, slot.Probe);
    }

    internal Task WaitForRouteAsync(HostileSlot slot, string prefix) =>
        Wait.UntilAsync(async () => (await Daemon.RoutesFromAsync(slot.Name)).ContainsKey(prefix), Wait.Default,
            $"route {prefix} from {slot.Name}", () => Daemon.Log);

    internal Task WaitForLogAsync(string text) =>
        Wait.UntilAsync(() => Task.FromResult(Daemon.Log.Contains(text, StringComparison.Ordinal)), Wait.Default,
            $"the log line '{text}'", () => Daemon.Log);

    /// <summary>No NOTIFICATION and no close reached the hostile peer, and the daemon calls the session Established.</summary>
    internal async Task AssertSessionUpAsync(HostileSlot slot, WirePeer peer)
    {
        var received = peer.Drain();
        Assert.DoesNotContain(received, i => i.IsClosed || i.Message is NotificationMessage);
        var neighbor = await Daemon.NeighborAsync(slot.Name);
        Assert.Equal("Established", neighbor.GetProperty("state").GetString());
        Assert.Equal(0, neighbor.GetProperty("flaps").GetInt32());
    }

    /// <summary>(b) the daemon runs; (c) the good session was never reset and its route is still there.</summary>
    internal async Task AssertUnharmedAsync()
    {
        Assert.False(Daemon.HasExited, $"bgpspeaker exited:\n{Daemon.Log}");
        Assert.Null(fixture.Good.Failure);
        var good = await Daemon.NeighborAsync(GoodPeer.Name);
        Assert.Equal("Established", good.GetProperty("state").GetString());
        Assert.Equal(0, good.GetProperty("flaps").GetInt32());
        Assert.Contains(GoodPeer.Prefix, (await Daemon.RoutesFromAsync(GoodPeer.Name)).Keys);
    }
}
