using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>RFC 4271 §6.1: a bad header resets the session with Message Header Error; each sent on an established session.</summary>
public sealed class HeaderErrorTests(DaemonFixture fixture) : HostileTest(fixture)
{
    [Fact]
    public async Task MarkerNotAllOnesGetsConnectionNotSynchronized()
    {
        var (slot, peer) = await EstablishAsync();
        var marker = Enumerable.Repeat((byte)0xFF, BgpHeader.MarkerSize).ToArray();
        marker[7] = 0xFE;
        await peer.SendAsync(Raw.Header(BgpHeader.Size, (byte)MessageType.Keepalive, marker));
        await ExpectResetAsync(slot, peer, ErrorCode.MessageHeader, HeaderSubcode.ConnectionNotSynchronized);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(18)]
    public async Task LengthBelowNineteenGetsBadMessageLengthNamingTheLength(int length)
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Header(length, (byte)MessageType.Keepalive));
        await ExpectResetAsync(slot, peer, ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength, Raw.U16(length));
    }

    /// <summary>Only the header is sent: the daemon must judge the length before waiting for (and buffering) the body.</summary>
    [Theory]
    [InlineData(4097)]
    [InlineData(65535)]
    public async Task UpdateAbove4096WithoutExtendedMessagesGetsBadMessageLength(int length)
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Header(length, (byte)MessageType.Update));
        await ExpectResetAsync(slot, peer, ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength, Raw.U16(length));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public async Task UnknownMessageTypeGetsBadMessageTypeNamingTheType(byte type)
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Header(BgpHeader.Size, type));
        await ExpectResetAsync(slot, peer, ErrorCode.MessageHeader, HeaderSubcode.BadMessageType, [type]);
    }

    [Fact]
    public async Task KeepaliveWithABodyGetsBadMessageLength()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Cat(Raw.Header(BgpHeader.Size + 1, (byte)MessageType.Keepalive), [0]));
        await ExpectResetAsync(slot, peer, ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength, Raw.U16(BgpHeader.Size + 1));
    }
}
