using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>RFC 4271 §6.2 (and RFC 6608 for order): what the daemon says to a bad OPEN, or to no OPEN at all.</summary>
public sealed class OpenErrorTests(DaemonFixture fixture) : HostileTest(fixture)
{
    /// <summary>The daemon is passive and sends its OPEN on accept; the peer's answer decides the rest.</summary>
    private async Task<(HostileSlot Slot, WirePeer Peer)> OpenSentAsync()
    {
        var (slot, peer) = await ConnectAsync();
        await peer.NextAsync<OpenMessage>("the daemon's OPEN");
        return (slot, peer);
    }

    private static OpenMessage With(OpenMessage open, byte? version = null, ushort? holdTime = null, uint? bgpId = null) => new()
    {
        Version = version ?? open.Version,
        MyAs = open.MyAs,
        HoldTimeSeconds = holdTime ?? open.HoldTimeSeconds,
        BgpIdentifier = bgpId ?? open.BgpIdentifier,
        Capabilities = open.Capabilities,
    };

    /// <summary>Data: the largest version we support, as a 2-octet number.</summary>
    [Fact]
    public async Task Version3GetsUnsupportedVersionNumberNamingVersion4()
    {
        var (slot, peer) = await OpenSentAsync();
        await peer.SendAsync(With(HostileOpen(slot), version: 3));
        await ExpectResetAsync(slot, peer, ErrorCode.OpenMessage, OpenSubcode.UnsupportedVersion, [0, 4]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HoldTimeBelowThreeGetsUnacceptableHoldTime(ushort holdTime)
    {
        var (slot, peer) = await OpenSentAsync();
        await peer.SendAsync(With(HostileOpen(slot), holdTime: holdTime));
        await ExpectResetAsync(slot, peer, ErrorCode.OpenMessage, OpenSubcode.UnacceptableHoldTime);
    }

    [Fact]
    public async Task IdentifierZeroGetsBadBgpIdentifier()
    {
        var (slot, peer) = await OpenSentAsync();
        await peer.SendAsync(With(HostileOpen(slot), bgpId: 0));
        await ExpectResetAsync(slot, peer, ErrorCode.OpenMessage, OpenSubcode.BadBgpIdentifier);
    }

    [Fact]
    public async Task UnexpectedPeerAsGetsBadPeerAs()
    {
        var (slot, peer) = await OpenSentAsync();
        await peer.SendAsync(WirePeer.Open(65099, 0, slot.RouterId));
        await ExpectResetAsync(slot, peer, ErrorCode.OpenMessage, OpenSubcode.BadPeerAs);
    }

    /// <summary>RFC 6608 §3: a message other than OPEN or NOTIFICATION in OpenSent is an FSM error, subcode 1.</summary>
    [Fact]
    public async Task UpdateBeforeOpenGetsFsmErrorInOpenSent()
    {
        var (slot, peer) = await OpenSentAsync();
        await peer.SendAsync(Raw.Announce(slot.Subject));
        await ExpectResetAsync(slot, peer, ErrorCode.FiniteStateMachine, FsmSubcode.UnexpectedInOpenSent, kind: "FsmError");
        Assert.DoesNotContain(slot.Subject, (await Daemon.RoutesFromAsync(slot.Name)).Keys);
    }
}
