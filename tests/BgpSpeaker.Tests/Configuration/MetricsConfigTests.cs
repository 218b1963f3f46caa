using System.Net;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary><c>metrics</c>: where /metrics, /healthz and /readyz listen.</summary>
public class MetricsConfigTests
{
    [Fact]
    public void WithoutASectionThereIsNoEndpoint() => Assert.Null(Valid(Header).Metrics);

    [Theory]
    [InlineData("metrics: {}", "127.0.0.1:9179")]
    [InlineData("metrics: { listen: \"127.0.0.1:9200\" }", "127.0.0.1:9200")]
    [InlineData("metrics: { listen: \"[::]:9179\" }", "[::]:9179")]
    [InlineData("metrics: { listen: \"[2001:db8::5]:80\" }", "[2001:db8::5]:80")]
    [InlineData("metrics: { listen: 9300 }", "127.0.0.1:9300")]
    public void TheListenAddressIsAnAddressAndPort(string yaml, string expected) =>
        Assert.Equal(IPEndPoint.Parse(expected), Valid(Header + yaml + "\n").Metrics!.Listen);

    [Theory]
    [InlineData("metrics: { listen: \"localhost:9179\" }", 3, 20, "metrics.listen must be ADDRESS:PORT (127.0.0.1:9179, [::]:9179) or a port, got 'localhost:9179'")]
    [InlineData("metrics: { listen: \"::1:9179\" }", 3, 20, "metrics.listen must be ADDRESS:PORT (127.0.0.1:9179, [::]:9179) or a port, got '::1:9179'")]
    [InlineData("metrics: { listen: \"127.0.0.1:70000\" }", 3, 20, "metrics.listen must be ADDRESS:PORT (127.0.0.1:9179, [::]:9179) or a port, got '127.0.0.1:70000'")]
    [InlineData("metrics: { listen: \"127.0.0.1:0\" }", 3, 20, "metrics.listen must be ADDRESS:PORT (127.0.0.1:9179, [::]:9179) or a port, got '127.0.0.1:0'")]
    [InlineData("metrics: { lisen: 9179 }", 3, 12, "unknown key 'lisen' in metrics; did you mean 'listen'?")]
    public void BadMetricsSettingsAreNamed(string yaml, int line, int column, string message)
    {
        var error = Assert.Single(Errors(Header + yaml + "\n"));
        Assert.Equal((line, message), (error.Line, error.Message));
        Assert.InRange(error.Column, column - 1, column + 1);
    }
}
