using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>NOTIFICATION and ROUTE-REFRESH from a hostile peer.</summary>
public sealed class SessionMessageTests(DaemonFixture fixture) : HostileTest(fixture)
{
    /// <summary>RFC 4271 §4.5, §8.2.2: a NOTIFICATION closes the session; nothing is answered, not even to what follows it.</summary>
    [Fact]
    public async Task GarbageAfterANotificationIsNotAnswered()
    {
        var (slot, peer) = await EstablishAsync();
        var cease = MessageEncoder.ToBytes(new NotificationMessage(ErrorCode.Cease, CeaseSubcode.AdministrativeShutdown, []), Wire.CodecContext.Initial);
        await peer.SendAsync(Raw.Cat(cease, [.. Enumerable.Repeat((byte)0x5A, 64)]));
        var after = await peer.UntilClosedAsync();
        Assert.DoesNotContain(after, i => i.Message is NotificationMessage);
        await ExpectLastDownAsync(slot, "NotificationReceived", "Cease/Administrative Shutdown");
        await AssertUnharmedAsync();
    }

    /// <summary>
    /// RFC 2918 §4: a refresh for a family not negotiated is ignored. The daemon (enhanced route refresh
    /// negotiated) answers the IPv4 request that follows with a Beginning-of-RIB-Refresh for IPv4 only.
    /// </summary>
    [Fact]
    public async Task RefreshForAnUnnegotiatedFamilyIsIgnored()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(new RouteRefreshMessage(AfiSafi.Ipv6Unicast));
        await peer.SendAsync(new RouteRefreshMessage(AfiSafi.Ipv4Unicast));
        var answer = await peer.NextAsync<RouteRefreshMessage>("the daemon's Beginning-of-RIB-Refresh");
        Assert.Equal((AfiSafi.Ipv4Unicast, RouteRefreshSubtype.BeginningOfRouteRefresh), (answer.Family, answer.Subtype));
        await AssertSessionUpAsync(slot, peer);
        await AssertUnharmedAsync();
    }

    /// <summary>
    /// RFC 7313 §5: a Beginning/End-of-RIB-Refresh whose body is not 4 octets gets ROUTE-REFRESH Message
    /// Error / Invalid Message Length, and "the Data field MUST contain the complete ROUTE-REFRESH message".
    /// </summary>
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 5)]
    [InlineData(1, 3)]
    public async Task DemarcationOfWrongLengthGetsInvalidMessageLengthWithTheMessage(byte subtype, int bodyLength)
    {
        var (slot, peer) = await EstablishAsync();
        var body = new byte[bodyLength];
        Raw.Cat(Raw.U16(1), [subtype, 1]).AsSpan(0, Math.Min(4, bodyLength)).CopyTo(body);
        var message = Raw.Message(MessageType.RouteRefresh, body);
        await peer.SendAsync(message);
        await ExpectResetAsync(slot, peer, ErrorCode.RouteRefresh, RouteRefreshSubcode.InvalidMessageLength, message);
    }

    /// <summary>A plain request (subtype 0) of the wrong length: RFC 7313 §5 names only subtypes 1 and 2, so only the code is checked.</summary>
    [Fact]
    public async Task RequestOfWrongLengthGetsInvalidMessageLength()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Message(MessageType.RouteRefresh, [0, 1, 0, 1, 0]));
        await ExpectResetAsync(slot, peer, ErrorCode.RouteRefresh, RouteRefreshSubcode.InvalidMessageLength);
    }
}
