using System.Net.NetworkInformation;
using BgpSpeaker.Platform.Linux.Icmpv6.Codec;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>Router Solicitation and Advertisement codecs: byte vectors checked both ways, and every way to be malformed.</summary>
public class NdCodecTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("02-00-5e-00-53-01");

    public static TheoryData<string, NdMessage> Vectors => new()
    {
        { "85 00 0000 00000000", new RouterSolicitation() },
        { "85 00 0000 00000000  01 01 02005e005301", new RouterSolicitation(Mac) },
        // What we send: lifetime 0, everything else unspecified, our MAC.
        { "86 00 0000 00 00 0000 00000000 00000000  01 01 02005e005301",
            new RouterAdvertisement(0, false, false, 0, 0, 0, Mac) },
        // FRR 8.4's defaults with ra-interval 10: hop limit 64, lifetime 30.
        { "86 00 0000 40 00 001e 00000000 00000000  01 01 02005e005301",
            new RouterAdvertisement(64, false, false, 30, 0, 0, Mac) },
        // M and O set, lifetime 1800, reachable 30 s, retrans 1 s, MTU 9000.
        { "86 00 0000 ff c0 0708 00007530 000003e8  01 01 02005e005301  05 01 0000 00002328",
            new RouterAdvertisement(255, true, true, 1800, 30000, 1000, Mac, 9000) },
        { "86 00 0000 40 00 0000 00000000 00000000  05 01 0000 000005dc",
            new RouterAdvertisement(64, false, false, 0, 0, 0, Mtu: 1500) },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EncodesToTheVector(string hex, NdMessage message) => Assert.Equal(Bytes(hex), message.Encode());

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DecodesTheVector(string hex, NdMessage message)
    {
        var result = NdCodec.Decode(Bytes(hex));
        Assert.Null(result.Error);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public void UnknownOptionsAreSkipped()
    {
        // Prefix information (type 3, 32 octets) and advertisement interval (type 7) around the source address.
        var packet = Bytes("86 00 0000 40 00 001e 00000000 00000000"
            + " 03 04 40c0 00278d00 00093a80 00000000 20010db8000000000000000000000000"
            + " 01 01 02005e005301"
            + " 07 01 0000 00002710");
        var result = NdCodec.Decode(packet);
        Assert.Equal(new RouterAdvertisement(64, false, false, 30, 0, 0, Mac), result.Message);
    }

    [Fact]
    public void ReservedBitsAndTheChecksumAreIgnored()
    {
        var result = NdCodec.Decode(Bytes("85 00 beef ffffffff"));
        Assert.Equal(new RouterSolicitation(), result.Message);
        result = NdCodec.Decode(Bytes("86 00 beef 40 3f 0000 00000000 00000000"));
        Assert.Equal(new RouterAdvertisement(64, false, false, 0, 0, 0), result.Message);
    }

    [Fact]
    public void ALongerLinkLayerAddressKeepsItsPadding()
    {
        var result = NdCodec.Decode(Bytes("85 00 0000 00000000  01 02 0102030405060708 00000000 0000"));
        var solicitation = Assert.IsType<RouterSolicitation>(result.Message);
        Assert.Equal(14, solicitation.SourceLinkLayerAddress!.GetAddressBytes().Length);
    }

    [Theory]
    [InlineData("", NdDecodeErrorKind.TooShort, 0)]
    [InlineData("85 00 0000 000000", NdDecodeErrorKind.TooShort, 7)]
    [InlineData("86 00 0000 40 00 0000 00000000 000000", NdDecodeErrorKind.TooShort, 15)]
    [InlineData("80 00 0000 00000000", NdDecodeErrorKind.UnexpectedType, 0)]
    [InlineData("87 00 0000 00000000 00000000000000000000000000000000", NdDecodeErrorKind.UnexpectedType, 0)]
    [InlineData("85 01 0000 00000000", NdDecodeErrorKind.NonZeroCode, 1)]
    [InlineData("85 00 0000 00000000  01 00 02005e005301", NdDecodeErrorKind.ZeroLengthOption, 8)]
    [InlineData("85 00 0000 00000000  01 02 02005e005301", NdDecodeErrorKind.TruncatedOption, 8)]
    [InlineData("85 00 0000 00000000  01 01 02005e005301 07", NdDecodeErrorKind.TruncatedOption, 16)]
    [InlineData("86 00 0000 40 00 0000 00000000 00000000  05 02 0000 000005dc 0000000000000000", NdDecodeErrorKind.BadMtuOption, 16)]
    [InlineData("86 00 0000 40 00 0000 00000000 00000000  07 00", NdDecodeErrorKind.ZeroLengthOption, 16)]
    public void MalformedPacketsAreTypedErrors(string hex, NdDecodeErrorKind kind, int offset)
    {
        var result = NdCodec.Decode(Bytes(hex));
        Assert.Null(result.Message);
        Assert.Equal(new NdDecodeError(kind, offset), result.Error);
        Assert.False(string.IsNullOrEmpty(result.Error!.Value.Describe()));
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(4861);
        var buffer = new byte[96];
        for (int i = 0; i < 20_000; i++)
        {
            var packet = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(packet);
            if (packet.Length > 1)
            {
                packet[0] = (byte)(133 + (i & 1)); // reach the option parsers, not just the type check
                packet[1] = (byte)(i % 7 == 0 ? 1 : 0);
            }
            var result = NdCodec.Decode(packet);
            Assert.True(result.Message is null != result.Error is null);
        }
    }

    internal static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
