using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Routing.Tests.Policy.PolicyFixtures;

namespace BgpSpeaker.Routing.Tests.Policy;

public class PresetTests
{
    private static bool Accepts(string preset, string prefix, RouteSource source = RouteSource.Learned) =>
        Run(PolicyPresets.Compile(preset, LocalAs), Prefix.Parse(prefix), Attrs(), source).IsAccepted;

    [Theory]
    [InlineData("10.0.0.0/8", RouteSource.Learned)]
    [InlineData("::/0", RouteSource.Networks)]
    public void AcceptAndReject(string prefix, RouteSource source)
    {
        Assert.True(Accepts("accept", prefix, source));
        Assert.False(Accepts("reject", prefix, source));
        Assert.True(PolicyPresets.Compile("accept", LocalAs).IsAcceptAll);
        Assert.True(PolicyPresets.Compile("reject", LocalAs).IsRejectAll);
    }

    [Fact]
    public void LocalRoutesAreNetworksAndRedistributedNeverTransit()
    {
        Assert.True(Accepts("local-routes", "10.0.0.10/32", RouteSource.Networks));
        Assert.True(Accepts("local-routes", "192.0.2.200/32", RouteSource.Redistributed));
        Assert.False(Accepts("local-routes", "0.0.0.0/0", RouteSource.Learned));
        Assert.False(Accepts("local-routes", "10.1.0.0/16", RouteSource.Learned));
    }

    [Theory]
    [InlineData("192.0.2.200/32", true)]
    [InlineData("2001:db8::1/128", true)]
    [InlineData("192.0.2.0/31", false)]
    [InlineData("2001:db8::/127", false)]
    [InlineData("0.0.0.0/0", false)]
    public void HostRoutes(string prefix, bool accepted) => Assert.Equal(accepted, Accepts("host-routes", prefix));

    [Theory]
    [InlineData("0.0.0.0/0", true)]
    [InlineData("::/0", true)]
    [InlineData("0.0.0.0/1", false)]
    [InlineData("10.0.0.0/8", false)]
    [InlineData("::/1", false)]
    public void DefaultRoute(string prefix, bool accepted) => Assert.Equal(accepted, Accepts("default-route", prefix));

    [Fact]
    public void LibraryResolvesPresetsAndNamedPoliciesOnce()
    {
        var library = new PolicyLibrary(Lists.Values, [new PolicyDefinition("mine", [Accept(new() { PrefixLists = ["nodes"] })])], LocalAs);

        Assert.Same(library.Get("mine"), library.Get("mine"));
        Assert.True(Run(library.Get("mine"), Node, Attrs()).IsAccepted);
        Assert.True(library.Contains("local-routes"));
        Assert.False(library.Contains("nope"));
        Assert.Throws<KeyNotFoundException>(() => library.Get("nope"));
        Assert.Equal(["accept", "reject", "local-routes", "host-routes", "default-route"], PolicyPresets.Names);
    }

    [Fact]
    public void PolicyNamedLikeAPresetIsRefused() =>
        Assert.Throws<ArgumentException>(() => new PolicyLibrary([], [new PolicyDefinition("accept", [])], LocalAs));
}
