using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// A peer that sends OPEN, KEEPALIVE and its first UPDATE in one TCP segment, as GoBGP and BIRD do:
/// the UPDATE's 4-octet AS_PATH must be decoded with the negotiated context every time, across many
/// sessions. (The daemon used to decode it with the pre-OPEN context and lose the route.)
/// </summary>
public sealed class EarlySenderTests(DaemonFixture fixture) : HostileTest(fixture)
{
    private const int Sessions = 200;

    [Fact]
    public async Task FirstUpdateInTheOpenSegmentIsNeverLost()
    {
        var slot = Fixture.NextHostile();
        var segment = Raw.Cat(
            MessageEncoder.ToBytes(HostileOpen(slot), CodecContext.Initial),
            MessageEncoder.ToBytes(KeepaliveMessage.Instance, CodecContext.Initial),
            Raw.Announce(slot.Subject)); // AS_PATH with 4-octet ASNs: negotiated, not yet in force before the OPEN
        for (int i = 0; i < Sessions; i++)
        {
            await using var peer = await WirePeer.ConnectAsync(slot.Address, Fixture.EndPoint);
            await peer.SendAsync(segment);
            await WaitForRouteAsync(slot, slot.Subject);
            var neighbor = await Daemon.NeighborAsync(slot.Name);
            Assert.True(neighbor.GetProperty("malformedUpdates").GetInt64() == 0, $"session {i}: {neighbor}\n{Daemon.Log}");

            // The peer's operator resets the session: no back-off, so the next connection is accepted at once.
            await peer.SendAsync(MessageEncoder.ToBytes(new NotificationMessage(ErrorCode.Cease, CeaseSubcode.AdministrativeReset, []), CodecContext.Initial));
            await Wait.UntilAsync(async () => (await Daemon.NeighborAsync(slot.Name)).GetProperty("state").GetString() is "Active" or "Connect",
                Wait.Default, $"{slot.Name} ready again after session {i}", () => Daemon.Log);
        }
        Assert.DoesNotContain($"neighbor {slot.Name}: malformed UPDATE", Daemon.Log, StringComparison.Ordinal);
        await AssertUnharmedAsync();
    }
}
