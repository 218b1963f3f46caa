using System.Runtime.CompilerServices;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Tests.Nlri;

/// <summary>A prefix is stored as two words: what it holds comes back whole, and lists of them stay small.</summary>
public class PrefixLayoutTests
{
    [Theory]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:fffe/127")]
    [InlineData("ffff::/16")]
    [InlineData("::/0")]
    [InlineData("10.1.2.0/24")]
    [InlineData("255.255.255.255/32")]
    public void BitsSurviveTheTwoWordLayout(string text)
    {
        var prefix = Prefix.Parse(text);

        Assert.Equal(text, prefix.ToString());
        Assert.Equal(prefix, new Prefix(prefix.Afi, prefix.Bits, prefix.Length));
    }

    [Fact]
    public void AnNlriEntryTakes32Bytes()
    {
        // An export run holds three lists of a run's prefixes; with a UInt128 field an entry took 48.
        Assert.Equal(24, Unsafe.SizeOf<Prefix>());
        Assert.Equal(32, Unsafe.SizeOf<NlriEntry>());
    }

    [Fact]
    public void PrefixesDifferingOnlyInTheHighWordAreDistinct()
    {
        var a = Prefix.Parse("2001:db8::/32");
        var b = Prefix.Parse("2001:db9::/32");

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void TheHashTakesEveryBitNotWordsFoldedInHalf()
    {
        // High words whose halves XOR to the same value: a hash of folded words would make all of these
        // /64s collide, and a peer could fill one bucket of a prefix-keyed table with them.
        var hashes = Enumerable.Range(1, 1_000)
            .Select(i => Prefix.V6((UInt128)(((ulong)i << 32) | (uint)i) << 64, 64).GetHashCode())
            .Distinct()
            .Count();

        Assert.True(hashes > 990, $"{hashes} distinct hashes of 1,000");
    }
}
