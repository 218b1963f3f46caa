using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Routing.Tests.Policy;

public class PrefixListTests
{
    private static PrefixList List(string prefix, int? ge = null, int? le = null) =>
        new("l", [PrefixListEntry.Create(Prefix.Parse(prefix), ge, le)]);

    [Theory]
    // Exact entry: only the prefix itself.
    [InlineData("10.0.0.0/8", null, null, "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8", null, null, "10.1.0.0/16", false)]
    [InlineData("10.0.0.0/8", null, null, "10.0.0.0/7", false)]
    [InlineData("10.0.0.0/8", null, null, "11.0.0.0/8", false)]
    // le alone: from the entry's length up to le.
    [InlineData("10.0.0.0/8", null, 24, "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8", null, 24, "10.1.2.0/24", true)]
    [InlineData("10.0.0.0/8", null, 24, "10.1.2.128/25", false)]
    [InlineData("10.0.0.0/8", null, 24, "11.1.2.0/24", false)]
    // ge alone: from ge up to the full length.
    [InlineData("10.0.0.0/8", 24, null, "10.1.2.0/24", true)]
    [InlineData("10.0.0.0/8", 24, null, "10.1.2.3/32", true)]
    [InlineData("10.0.0.0/8", 24, null, "10.1.0.0/16", false)]
    [InlineData("10.0.0.0/8", 24, null, "10.0.0.0/8", false)]
    // ge and le.
    [InlineData("10.0.0.0/8", 16, 24, "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8", 16, 24, "10.1.2.0/24", true)]
    [InlineData("10.0.0.0/8", 16, 24, "10.1.2.0/25", false)]
    [InlineData("10.0.0.0/8", 16, 24, "10.1.0.0/15", false)]
    // ge = le = entry length is the exact match; ge = le pins one length.
    [InlineData("10.0.0.0/8", 8, 8, "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8", 32, 32, "10.9.9.9/32", true)]
    [InlineData("10.0.0.0/8", 32, 32, "10.9.9.8/31", false)]
    // The whole space.
    [InlineData("0.0.0.0/0", null, 32, "192.0.2.1/32", true)]
    [InlineData("0.0.0.0/0", null, 32, "0.0.0.0/0", true)]
    [InlineData("0.0.0.0/0", null, null, "0.0.0.0/0", true)]
    [InlineData("0.0.0.0/0", null, null, "10.0.0.0/8", false)]
    [InlineData("0.0.0.0/0", 32, null, "192.0.2.1/32", true)]
    [InlineData("0.0.0.0/0", 32, null, "192.0.2.0/31", false)]
    // IPv6.
    [InlineData("2001:db8::/32", null, 64, "2001:db8:1::/48", true)]
    [InlineData("2001:db8::/32", null, 64, "2001:db8:1:2::/64", true)]
    [InlineData("2001:db8::/32", null, 64, "2001:db8:1:2::/65", false)]
    [InlineData("2001:db8::/32", null, 64, "2001:db9::/32", false)]
    [InlineData("::/0", 128, null, "2001:db8::1/128", true)]
    [InlineData("::/0", 128, null, "2001:db8::/127", false)]
    [InlineData("::/0", null, null, "::/0", true)]
    // A family only matches entries of its own family.
    [InlineData("0.0.0.0/0", null, 32, "::/0", false)]
    [InlineData("::/0", null, 128, "0.0.0.0/0", false)]
    [InlineData("::/0", null, 128, "10.0.0.0/8", false)]
    public void GeLeTable(string entry, int? ge, int? le, string prefix, bool matches)
    {
        Assert.Equal(matches, List(entry, ge, le).Matches(Prefix.Parse(prefix)));
        var single = PrefixListEntry.Create(Prefix.Parse(entry), ge, le);
        Assert.Equal(matches, single.Matches(Prefix.Parse(prefix)));
    }

    [Theory]
    [InlineData("10.0.0.0/8", 7, null, "ge 7 must be between the prefix length 8 and 32")]
    [InlineData("10.0.0.0/8", 33, null, "ge 33 must be between the prefix length 8 and 32")]
    [InlineData("10.0.0.0/8", null, 7, "le 7 must be between the prefix length 8 and 32")]
    [InlineData("10.0.0.0/8", null, 33, "le 33 must be between the prefix length 8 and 32")]
    [InlineData("10.0.0.0/8", 25, 24, "ge 25 must not be greater than le 24")]
    [InlineData("2001:db8::/32", null, 129, "le 129 must be between the prefix length 32 and 128")]
    [InlineData("2001:db8::/32", 16, null, "ge 16 must be between the prefix length 32 and 128")]
    public void GeLeOutOfRangeIsRejected(string entry, int? ge, int? le, string error)
    {
        Assert.False(PrefixListEntry.TryCreate(Prefix.Parse(entry), ge, le, out _, out string? message));
        Assert.Equal(error, message);
        Assert.Throws<ArgumentException>(() => PrefixListEntry.Create(Prefix.Parse(entry), ge, le));
    }

    [Fact]
    public void MixedFamiliesAnyEntryMatches()
    {
        var list = new PrefixList("bogons",
        [
            PrefixListEntry.Create(Prefix.Parse("10.0.0.0/8"), le: 32),
            PrefixListEntry.Create(Prefix.Parse("fc00::/7"), le: 128),
            PrefixListEntry.Create(Prefix.Parse("192.168.0.0/16"), le: 32),
        ]);

        Assert.True(list.Matches(Prefix.Parse("192.168.1.0/24")));
        Assert.True(list.Matches(Prefix.Parse("10.1.1.1/32")));
        Assert.True(list.Matches(Prefix.Parse("fd00::/8")));
        Assert.False(list.Matches(Prefix.Parse("2001:db8::/32")));
        Assert.False(list.Matches(Prefix.Parse("172.16.0.0/12")));
        Assert.False(new PrefixList("empty", []).Matches(Prefix.Parse("10.0.0.0/8")));
    }

    [Fact]
    public void EntryPrintsLikeItsConfiguration()
    {
        Assert.Equal("10.0.0.0/8 ge 24 le 32", PrefixListEntry.Create(Prefix.Parse("10.0.0.0/8"), 24, 32).ToString());
        Assert.Equal("10.96.0.0/12 le 32", PrefixListEntry.Create(Prefix.Parse("10.96.0.0/12"), null, 32).ToString());
        Assert.Equal((8, 8), (PrefixListEntry.Create(Prefix.Parse("10.0.0.0/8")).MinLength, PrefixListEntry.Create(Prefix.Parse("10.0.0.0/8")).MaxLength));
    }

    [Fact]
    public void ListsWithTheSameEntriesAreEqual()
    {
        Assert.Equal(List("10.0.0.0/8", 16, 24), List("10.0.0.0/8", 16, 24));
        Assert.NotEqual(List("10.0.0.0/8", 16, 24), List("10.0.0.0/8", 16, 25));
    }

    [Fact]
    public void MatchingAllocatesNothing()
    {
        var list = new PrefixList("big", Enumerable.Range(0, 300).Select(i => PrefixListEntry.Create(Prefix.V4((uint)i << 16, 16), le: 32)));
        var prefix = Prefix.Parse("192.0.2.0/24");
        list.Matches(prefix);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            list.Matches(prefix);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
