using BgpSpeaker.Routing.Decision;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

public class MultipathConfigTests
{
    [Fact]
    public void DefaultsAreSixteenPathsWithAsPathRelax() =>
        Assert.Equal(new MultipathOptions { MaximumPaths = 16, AsPathRelax = true }, Valid(Header).Multipath);

    [Fact]
    public void BothSettingsAreRead() =>
        Assert.Equal(new MultipathOptions { MaximumPaths = 2, AsPathRelax = false }, Valid(Header + "multipath: { maximumPaths: 2, asPathRelax: false }\n").Multipath);

    [Theory]
    [InlineData("multipath: { maximumPaths: 0 }", "maximumPaths")]
    [InlineData("multipath: { maximumPaths: 65 }", "maximumPaths")]
    [InlineData("multipath: { relax: true }", "unknown key 'relax'")]
    public void BadValuesAreReportedWhereTheyAre(string line, string expected)
    {
        var error = Assert.Single(Parse(Header + line + "\n").Errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void AChangeIsFlaggedForRestart() =>
        Assert.True(Valid(Header).Diff(Valid(Header + "multipath: { maximumPaths: 1 }\n")).MultipathChanged);
}
