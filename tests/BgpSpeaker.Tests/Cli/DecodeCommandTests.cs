using System.Text.Json;
using BgpSpeaker.Cli;

namespace BgpSpeaker.Tests.Cli;

public class DecodeCommandTests
{
    private static readonly Wire.CodecContext Context = DecodeCommand.Context(twoOctet: false, addPath: false, ibgp: false);

    private static string Vector(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", name));

    private static (int Exit, JsonElement Json, string Error) Run(string hex)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = DecodeCommand.Run(hex, null, Context, output, error);
        var json = output.ToString().Length > 0 ? JsonDocument.Parse(output.ToString()).RootElement : default;
        return (exit, json, error.ToString());
    }

    [Fact]
    public void FrrUnnumberedUpdateShowsPrefixAndLinkLocalNextHop()
    {
        var (exit, json, _) = Run(Vector("frr/update-ipv4-ll-nexthop.hex"));
        Assert.Equal(0, exit);
        var update = Assert.Single(json.EnumerateArray().ToList());
        Assert.Equal("UPDATE", update.GetProperty("type").GetString());
        var reach = update.GetProperty("mpReach");
        Assert.Equal("ipv4-unicast", reach.GetProperty("family").GetString());
        Assert.Equal("fe80::1", reach.GetProperty("nextHop").GetProperty("linkLocal").GetString());
        Assert.Equal(["198.18.0.0/24"], reach.GetProperty("nlri").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("65101", update.GetProperty("attributes").GetProperty("asPath").GetString());
    }

    [Fact]
    public void ConcatenatedMessagesPrintInOrderWithCapabilityNames()
    {
        var (exit, json, _) = Run(Vector("frr/open-unnumbered.hex") + Vector("frr/keepalive.hex") + Vector("handmade/update-ipv4.hex"));
        Assert.Equal(0, exit);
        var messages = json.EnumerateArray().ToList();
        Assert.Equal(["OPEN", "KEEPALIVE", "UPDATE"], messages.Select(m => m.GetProperty("type").GetString()));
        var capabilities = messages[0].GetProperty("capabilities").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("extended-nexthop", capabilities);
        Assert.Contains("hostname", capabilities);
        Assert.Contains("four-octet-as", capabilities);
        Assert.Equal(126, messages[1].GetProperty("offset").GetInt32());
        Assert.Equal(["65001:1", "graceful-shutdown"], messages[2].GetProperty("attributes").GetProperty("communities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["10.1.0.0/16"], messages[2].GetProperty("withdrawn").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void MalformedUpdatePrintsTheClassificationAndFails()
    {
        // ORIGIN 3 is undefined: RFC 7606 §7.1 says treat-as-withdraw.
        var (exit, json, error) = Run("ffffffffffffffffffffffffffffffff 0029 02 0000 000e 40010103 400200 4003040a000001 18c00002");
        Assert.Equal(DecodeCommand.Malformed, exit);
        var update = Assert.Single(json.EnumerateArray().ToList());
        Assert.Equal("treat-as-withdraw", update.GetProperty("action").GetString());
        Assert.Equal("UPDATE Message Error/Invalid ORIGIN Attribute", update.GetProperty("errors")[0].GetProperty("notification").GetString());
        Assert.Contains("treat-as-withdraw", error);
        Assert.Equal(["192.0.2.0/24"], update.GetProperty("nlri").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void BadMarkerIsASessionReset()
    {
        var (exit, json, error) = Run("00ffffffffffffffffffffffffffffff 0013 04");
        Assert.Equal(DecodeCommand.Malformed, exit);
        var entry = Assert.Single(json.EnumerateArray().ToList());
        Assert.Equal("session-reset", entry.GetProperty("error").GetProperty("action").GetString());
        Assert.Equal("Message Header Error/Connection Not Synchronized", entry.GetProperty("error").GetProperty("notification").GetString());
        Assert.Contains("marker", error);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("fff")]
    [InlineData("")]
    public void UnusableHexIsAUsageError(string hex)
    {
        var error = new StringWriter();
        Assert.Equal(DecodeCommand.BadInput, DecodeCommand.Run(hex, null, Context, new StringWriter(), error));
        Assert.Contains("pairs of hex digits", error.ToString());
    }

    [Fact]
    public void RawFileInput()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Convert.FromHexString(Vector("frr/keepalive.hex").Trim()));
            var output = new StringWriter();
            Assert.Equal(0, DecodeCommand.Run(null, new FileInfo(path), Context, output, new StringWriter()));
            Assert.Contains("KEEPALIVE", output.ToString());
        }
        finally
        {
            File.Delete(path);
        }
        var missing = new StringWriter();
        Assert.Equal(DecodeCommand.BadInput, DecodeCommand.Run(null, new FileInfo("/nonexistent/x.bin"), Context, new StringWriter(), missing));
        Assert.Contains("cannot read", missing.ToString());
    }
}
