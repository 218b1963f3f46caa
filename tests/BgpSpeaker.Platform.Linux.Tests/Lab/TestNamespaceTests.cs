using System.Net.NetworkInformation;

namespace BgpSpeaker.Platform.Linux.Tests.Lab;

/// <summary>The lab itself: code entered into a namespace sees that namespace's links, not the host's.</summary>
public class TestNamespaceTests
{
    [Fact]
    public void EnteredCodeSeesOnlyTheNamespacesLinks()
    {
        using var ns = new TestNamespace();
        ns.Ip("link add up1 type veth peer name leaf1");
        var names = ns.Enter(() => NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).Order().ToList());
        Assert.Equal(["leaf1", "lo", "up1"], names);
    }
}
