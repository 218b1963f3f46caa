using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary>Problems with the YAML itself, before any setting is read.</summary>
public class YamlStructureTests
{
    [Fact]
    public void SyntaxErrorIsReportedWhereTheParserStopped()
    {
        var error = Assert.Single(Errors("asn: 65010\nrouterId: [10.0.0.10\n"));

        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabIndentationIsReportedAtTheTab() =>
        SingleError(Header + "listen:\n\tport: 179\n", 4, 1, "invalid YAML: a tab in the indentation; indent with spaces");

    [Fact]
    public void DuplicateKeyIsReportedAndReadingGoesOn()
    {
        var errors = Errors("asn: 65010\nrouterId: 10.0.0.10\nasn: 65011\nhostname: 'a b'\n");

        Assert.Equal(
            ["bgpspeaker.yaml:3:1: duplicate key 'asn' (first set at line 1)",
             "bgpspeaker.yaml:4:11: hostname must be 1..255 printable ASCII characters without spaces, got 'a b'"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void OnlyOneDocumentIsAllowed() =>
        SingleError(Header + "---\nasn: 65011\n", 3, 1, "only one YAML document is allowed in the configuration");

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void EmptyConfigurationIsRejected(string yaml) =>
        SingleError(yaml, 1, 1, "the configuration is empty");

    [Fact]
    public void RootMustBeAMapping() =>
        SingleError("- asn: 65010\n", 1, 1, "the configuration must be a mapping of keys to values, got a list");

    [Fact]
    public void KeysMustBeScalars() =>
        SingleError(Header + "[a, b]: 1\n", 3, 1, "a key must be a plain name, not a list");

    [Fact]
    public void UnknownAliasIsReported()
    {
        var error = Assert.Single(Errors(Header + "hostname: *nowhere\n"));

        Assert.Equal((3, 11), (error.Line, error.Column));
    }

    [Fact]
    public void DeepNestingIsRefusedNotOverflowed()
    {
        var error = Assert.Single(Errors("asn: " + new string('[', 5000) + new string(']', 5000) + "\n"));

        Assert.Contains("nesting deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParserFailureWithoutAPositionIsStillAnError()
    {
        // YamlDotNet throws InvalidOperationException, not YamlException, for this unbalanced flow mapping.
        var error = Assert.Single(Errors(Header + "listen:\n  addresses: [\"0.0.0.0\",{ \"::\"]\n  port: 179\n"));

        Assert.Equal((4, 24), (error.Line, error.Column));
        Assert.StartsWith("invalid YAML after this point: ", error.Message, StringComparison.Ordinal);
    }
}
