using BgpSpeaker.Platform.Linux.Netlink;
using static BgpSpeaker.Platform.Linux.Tests.Netlink.KernelVectors;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

public class NetlinkAckTests
{
    [Fact]
    public void AnErrorAnswerGivesTheErrnoTheRequestsSequenceAndTheKernelsText()
    {
        var ack = Decode(ErrorAckWithText);

        Assert.False(ack.IsSuccess);
        Assert.Equal(77u, ack.Sequence);
        Assert.Equal(Errno.EINVAL, ack.Errno);
        Assert.Equal("Gateway can not be a local address", ack.Message);
        Assert.Equal("EINVAL: Gateway can not be a local address", ack.Error.ToString());
    }

    [Fact]
    public void ASuccessAnswerIsErrnoZero()
    {
        var ack = Decode(SuccessAck);
        Assert.True(ack.IsSuccess);
        Assert.Equal(78u, ack.Sequence);
        Assert.Null(ack.Message);
    }

    [Fact]
    public void AnUncappedAnswerSkipsTheEchoedRequestToFindTheText()
    {
        // Without NETLINK_CAP_ACK the kernel echoes the whole request (here 20 octets) before the TLVs.
        var ack = Decode("34000000 0200 0002 05000000 00000000" + "FEFFFFFF" + "14000000 1800 0500 05000000 00000000 AABBCCDD"
            + "0C000100 6E6F2077617900 00");
        Assert.Equal(Errno.ENOENT, ack.Errno);
        Assert.Equal(5u, ack.Sequence);
        Assert.Equal("no way", ack.Message);
    }

    [Theory]
    [InlineData("14000000 0200 0000 01000000 00000000 00000000")] // too short to hold the request header
    [InlineData("24000000 0200 0000 01000000 00000000 05000000 10000000 1800 0000 01000000 00000000")] // positive "errno"
    public void AnAnswerThatSaysNothingUsableIsRejected(string hex)
    {
        var reader = new NetlinkMessageReader(Bytes(hex));
        Assert.True(reader.TryRead(out var message));
        Assert.False(NetlinkAck.TryDecode(message, out _));
    }

    private static NetlinkAck Decode(string hex)
    {
        var reader = new NetlinkMessageReader(Bytes(hex));
        Assert.True(reader.TryRead(out var message));
        Assert.Equal(NetlinkMessageType.Error, message.Header.Type);
        Assert.True(NetlinkAck.TryDecode(message, out var ack));
        return ack;
    }
}
