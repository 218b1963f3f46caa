using BgpSpeaker.Wire.Messages;
using System.Net;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary><c>fabric</c> (unnumbered peering by interface) and <c>fib</c> (the kernel routes).</summary>
public class FabricConfigTests
{
    private const string Fabric = """
        fabric:
          interfaces: ["eth1", "enp*s0f?"]
          remoteAs: external
          import: accept
          export: local-routes
        """;

    [Fact]
    public void AFabricPeersOnEveryMatchingInterfaceWithBothFamiliesAndExtendedNextHop()
    {
        var config = Valid(Header + Fabric);
        var fabric = config.Fabric!;
        Assert.Equal(["eth1", "enp*s0f?"], fabric.Interfaces);
        Assert.Equal(RemoteAs.External, fabric.Session.RemoteAs);
        Assert.Equal([AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast], fabric.Session.Families);
        Assert.True(fabric.Session.ExtendedNextHop);
        Assert.Equal(("accept", "local-routes"), (fabric.Session.Import.Name, fabric.Session.Export.Name));
        Assert.Equal(LinkLocalNextHopForm.Both, fabric.NextHopForm);
        Assert.Equal(TimeSpan.FromSeconds(10), fabric.RouterAdvertisements.Interval);
        Assert.True(fabric.Matches("eth1"));
        Assert.True(fabric.Matches("enp3s0f1"));
        Assert.False(fabric.Matches("eth10"));
        Assert.False(fabric.Matches("enp3s0f10"));
        Assert.True(config.Fib.Install);
        Assert.Equal(254, config.Fib.Table);
    }

    [Fact]
    public void SettingsAreReadLikeANeighbors()
    {
        var fabric = Valid(Header + Fabric + """

              holdTime: 9
              keepalive: 3
              nextHopForm: link-local-only
              routerAdvertisements: { interval: 5, lifetime: 0 }
              maxPrefixes: { limit: 100 }
            fib:
              table: 100
              preferredSource: 10.0.0.11
            """).Fabric!;
        Assert.Equal(HoldTime.FromSeconds(9), fabric.Session.Timers.HoldTime);
        Assert.Equal(LinkLocalNextHopForm.LinkLocalOnly, fabric.NextHopForm);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.Zero), (fabric.RouterAdvertisements.Interval, fabric.RouterAdvertisements.Lifetime));
        Assert.Equal(100u, fabric.Session.MaxPrefixes!.Limit);
    }

    [Fact]
    public void FibSettings()
    {
        var fib = Valid(Header + "fib: { install: false, table: main, preferredSource: 10.0.0.11 }\n").Fib;
        Assert.Equal((false, 254, IPAddress.Parse("10.0.0.11")), (fib.Install, fib.Table, fib.PreferredSource));
    }

    [Fact]
    public void WithoutPoliciesTheFabricGetsTheRfc8212Warnings()
    {
        var result = Parse(Header + "fabric: { interfaces: [eth1], remoteAs: external }\n");
        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Message.StartsWith("fabric: no import policy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fabric: { remoteAs: external }", 3, 9, "fabric is missing 'interfaces' (interface names or patterns, e.g. [\"eth1\", \"eth2\"] or [\"enp*s0f*\"])")]
    [InlineData("fabric: { interfaces: [], remoteAs: external }", 3, 23, "fabric.interfaces must list at least one interface name or pattern")]
    [InlineData("fabric: { interfaces: [eth1, eth1], remoteAs: external }", 3, 30, "interface 'eth1' is listed twice in fabric.interfaces")]
    [InlineData("fabric: { interfaces: [\"a/b\"], remoteAs: external }", 3, 24, "'a/b' is not an interface name or pattern (1..15 characters, no spaces, '/' or ':')")]
    [InlineData("fabric: { interfaces: [eth1] }", 3, 9, "fabric is missing 'remoteAs' (a number, \"external\" or \"internal\")")]
    [InlineData("fabric: { interfaces: [eth1], remoteAs: external, address: fe80::1 }", 3, 51, "unknown key 'address' in fabric")]
    [InlineData("fabric: { interfaces: [eth1], remoteAs: external, nextHopForm: both }", 3, 64, "nextHopForm must be one of link-local-twice, unspecified-and-link-local, link-local-only, got 'both'")]
    [InlineData("fib: { table: 255 }", 3, 15, "fib.table must be main or a table number 1..2147483647 other than 253 and 255, got '255'")]
    [InlineData("fib: { preferredSource: \"2001:db8::1\" }", 3, 25, "fib.preferredSource must be an IPv4 address (a.b.c.d), got '2001:db8::1'")]
    public void BadFabricAndFibSettingsAreNamed(string yaml, int line, int column, string message)
    {
        var errors = Errors(Header + yaml + "\n");
        var error = Assert.Single(errors);
        Assert.Equal((line, message), (error.Line, error.Message));
        Assert.InRange(error.Column, column - 1, column + 1);
    }
}

/// <summary>config validate warns about fabric names and patterns that match no interface of the host.</summary>
public class FabricValidateTests
{
    [Fact]
    public void PatternsMatchingNoInterfaceAreNamed()
    {
        var fabric = Valid(Header + "fabric: { interfaces: [eth1, \"enp*\", \"up?\"], remoteAs: external, import: accept, export: local-routes }\n").Fabric!;
        Assert.Equal(["enp*"], BgpSpeaker.Cli.ConfigCommand.FabricInterfacesMatchingNothing(fabric, ["lo", "eth1", "up2"]));
    }
}
