using System.Buffers.Binary;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Platform.Linux.Tests.Netlink.KernelVectors;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

public class LinkAndAddressMessageTests
{
    [Fact]
    public void AKernelAddressMessageDecodesWithItsFullFlags()
    {
        var address = DecodeAddress(Bytes(Ipv6LinkLocalAddress));

        Assert.Equal(3, address.InterfaceIndex);
        Assert.Equal(Afi.Ipv6, address.Family);
        Assert.Equal(IpAddresses.ParseV6("fe80::1234"), address.Address);
        Assert.Equal(64, address.PrefixLength);
        Assert.Equal(AddressFlags.NoDad | AddressFlags.Permanent, address.Flags);
        Assert.True(address.IsIpv6LinkLocal);
        Assert.True(address.IsUsable);
        Assert.False(address.Removed);
    }

    [Fact]
    public void ATentativeAddressIsNotUsable()
    {
        var address = DecodeAddress(Bytes(Ipv6TentativeAddress));
        Assert.True(address.Tentative);
        Assert.False(address.IsUsable);
    }

    [Fact]
    public void IfaFlagsWinsOverTheOctetInTheHeader()
    {
        // Flags above 0xFF (here STABLE_PRIVACY and DADFAILED) only fit in IFA_FLAGS.
        var message = Bytes(Ipv6LinkLocalAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(message.Length - 4), 0x808);
        var address = DecodeAddress(message);
        Assert.Equal(AddressFlags.StablePrivacy | AddressFlags.DadFailed, address.Flags);
        Assert.True(address.DadFailed);
    }

    [Fact]
    public void AnIpv4AddressPrefersIfaLocalOverThePeerInIfaAddress()
    {
        var message = Bytes("28000000 1500 0000 00000000 00000000" + "02 1E 00 00 07000000" + "08000100 0A000002" + "08000200 0A000001");
        var address = DecodeAddress(message);
        Assert.Equal(IpAddresses.ParseV4("10.0.0.1"), address.Address);
        Assert.Equal(30, address.PrefixLength);
        Assert.True(address.Removed);
    }

    [Theory]
    [InlineData("0A 81 00 00 03000000")] // prefix length 129
    [InlineData("0A 40 00 00 03000000" + "08000100 0A000001")] // a 4-octet address in an IPv6 message
    [InlineData("0A 40 00 00")] // header cut short
    public void AMalformedAddressMessageIsReportedNotThrown(string payload)
    {
        var message = Frame(20, payload);
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryRead(out var parsed));
        Assert.False(AddressMessage.TryDecode(parsed, out _, out bool malformed));
        Assert.True(malformed);
    }

    [Fact]
    public void ALinkMessageGivesNameFlagsAndOperState()
    {
        // ifinfomsg: index 3, flags UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP; IFLA_IFNAME "up1", IFLA_OPERSTATE 6.
        var message = Frame(16, "00 00 0100 03000000 43100100 00000000" + "08000300 75703100" + "05001000 06000000");
        var link = DecodeLink(message);

        Assert.Equal(new LinkState(3, "up1", AdminUp: true, LowerUp: true, Running: true, LinkOperState.Up, Removed: false), link);
        Assert.True(link.IsUsable);
    }

    [Fact]
    public void ADelLinkIsARemoval()
    {
        var link = DecodeLink(Frame(17, "00 00 0100 03000000 00100000 00000000" + "08000300 75703100"));
        Assert.True(link.Removed);
        Assert.False(link.IsUsable);
    }

    [Fact]
    public void ABridgePortMessageIsNotAboutTheInterfaceItself()
    {
        var message = Frame(17, "07 00 0100 03000000 00000000 00000000" + "08000300 75703100");
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryRead(out var parsed));
        Assert.False(LinkMessage.TryDecode(parsed, out _, out bool malformed));
        Assert.False(malformed);
    }

    [Fact]
    public void ALinkWithoutANameIsMalformed()
    {
        var reader = new NetlinkMessageReader(Frame(16, "00 00 0100 03000000 00000000 00000000"));
        Assert.True(reader.TryRead(out var parsed));
        Assert.False(LinkMessage.TryDecode(parsed, out _, out bool malformed));
        Assert.True(malformed);
    }

    private static byte[] Frame(ushort type, string payloadHex)
    {
        var payload = Bytes(payloadHex);
        var message = new byte[NetlinkHeader.Size + payload.Length];
        new NetlinkHeader(message.Length, type, NetlinkFlags.None, 0, 0).Write(message);
        payload.CopyTo(message, NetlinkHeader.Size);
        return message;
    }

    private static AddressState DecodeAddress(byte[] message)
    {
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryRead(out var parsed));
        Assert.True(AddressMessage.TryDecode(parsed, out var address, out _));
        return address;
    }

    private static LinkState DecodeLink(byte[] message)
    {
        var reader = new NetlinkMessageReader(message);
        Assert.True(reader.TryRead(out var parsed));
        Assert.True(LinkMessage.TryDecode(parsed, out var link, out _));
        return link;
    }
}
