using BgpSpeaker.Platform.Linux.Netlink;
using static BgpSpeaker.Platform.Linux.Tests.Netlink.KernelVectors;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

/// <summary>Message framing and attribute TLVs: alignment, lengths, nesting, and broken input.</summary>
public class NetlinkFramingTests
{
    [Fact]
    public void AMessageWithAnOddSizedAttributeIsPaddedAndItsLengthExcludesTrailingPadding()
    {
        var writer = new NetlinkWriter(16);
        int start = writer.BeginMessage(0x1234, NetlinkFlags.Request | NetlinkFlags.Ack, sequence: 7);
        writer.AppendZeroed(1)[0] = 0xAA;
        writer.AddAttribute(3, [1, 2, 3, 4, 5]);
        writer.EndMessage(start);

        Assert.Equal(Bytes("20000000 3412 0500 07000000 00000000" + "AA000000" + "0900 0300 0102030405 000000"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void NestedAttributesCarryTheLengthOfEverythingInside()
    {
        var writer = new NetlinkWriter();
        int nest = writer.BeginNested(9);
        writer.AddUInt32(1, 0x01020304);
        writer.AddUInt16(2, 0xBEEF);
        writer.EndNested(nest);

        Assert.Equal(Bytes("1400 0900" + "0800 0100 04030201" + "0600 0200 EFBE 0000"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void AddressesAreWrittenInNetworkOrderStringsWithTheirTerminator()
    {
        var writer = new NetlinkWriter();
        writer.AddAddress(1, 0x0A000001, ipv6: false);
        writer.AddString(3, "up1");

        Assert.Equal(Bytes("0800 0100 0A000001" + "0800 0300 75703100"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void TruncateDropsAMessageThatOverflowedTheBatch()
    {
        var writer = new NetlinkWriter();
        writer.EndMessage(writer.BeginMessage(1, NetlinkFlags.Request, 1));
        int before = writer.Length;
        writer.EndMessage(writer.BeginMessage(1, NetlinkFlags.Request, 2));
        writer.Truncate(before);

        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        Assert.True(reader.TryRead(out var only));
        Assert.Equal(1u, only.Header.Sequence);
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.Malformed);
    }

    [Fact]
    public void TheReaderWalksEveryMessageOfADatagram()
    {
        var datagram = Bytes(ErrorAckWithText + SuccessAck);
        var reader = new NetlinkMessageReader(datagram);
        var sequences = new List<uint>();
        while (reader.TryRead(out var message))
        {
            sequences.Add(message.Header.Sequence);
        }
        Assert.Equal([77u, 78u], sequences);
        Assert.False(reader.Malformed);
    }

    [Theory]
    [InlineData("0F000000 0200 0000 01000000 00000000")] // shorter than a header
    [InlineData("FF000000 0200 0000 01000000 00000000")] // runs past the datagram
    [InlineData("10000000 0300 0000 01000000 00000000 0800 0000 0000 0000")] // a stray half-header after a good message
    public void ABrokenLengthEndsTheWalkAndIsReportedNotThrown(string hex)
    {
        var reader = new NetlinkMessageReader(Bytes(hex));
        while (reader.TryRead(out _))
        {
        }
        Assert.True(reader.Malformed);
    }

    [Fact]
    public void AttributesReportTypeWithoutTheNestedAndByteOrderBits()
    {
        var reader = new RtAttributeReader(Bytes("0800 0980 01000000" + "0500 0300 41000000"));
        Assert.True(reader.TryRead(out var type, out var value));
        Assert.Equal(9, type);
        Assert.Equal(1u, RtAttributeReader.ReadUInt32(value));
        Assert.True(reader.TryRead(out type, out value));
        Assert.Equal("A", RtAttributeReader.ReadString(value));
        Assert.False(reader.TryRead(out _, out _));
        Assert.False(reader.Malformed);
    }

    [Theory]
    [InlineData("0300 0100")] // length below the header
    [InlineData("0C00 0100 01000000")] // longer than what is left
    [InlineData("0800 0100 01000000 0100")] // trailing bytes that cannot be an attribute
    public void ABrokenAttributeIsReportedNotThrown(string hex)
    {
        var reader = new RtAttributeReader(Bytes(hex));
        while (reader.TryRead(out _, out _))
        {
        }
        Assert.True(reader.Malformed);
    }

    [Fact]
    public void AddFlagsSetsBitsInAWrittenHeader()
    {
        var writer = new NetlinkWriter();
        int start = writer.BeginMessage(24, NetlinkFlags.Request, 1);
        writer.EndMessage(start);
        NetlinkHeader.AddFlags(writer.Region(start, NetlinkHeader.Size), NetlinkFlags.Ack);
        Assert.Equal(NetlinkFlags.Request | NetlinkFlags.Ack, NetlinkHeader.Read(writer.WrittenSpan).Flags);
    }
}
