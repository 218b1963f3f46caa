using System.Net;
using BgpSpeaker.Platform.Linux.Icmpv6;
using BgpSpeaker.Platform.Linux.Icmpv6.Codec;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>The raw socket's kernel-facing edges: failures come back as results, never as exceptions.</summary>
public class RouterDiscoverySocketTests
{
    [Fact]
    public void JoiningTwiceIsFineAndAMissingInterfaceIsAnError()
    {
        using var lab = new VethLab();
        var node = LinkFacts.Read(lab.Node, "up1");
        using var socket = lab.Node.Enter(RouterDiscoverySocket.Open);
        Assert.True(socket.JoinAllRouters(node.Index).IsOk); // even while the link is down
        Assert.True(socket.JoinAllRouters(node.Index).IsOk);
        var missing = socket.JoinAllRouters(9999);
        Assert.False(missing.IsOk);
        Assert.False(string.IsNullOrEmpty(missing.Message));
        Assert.True(socket.LeaveAllRouters(node.Index).IsOk);
    }

    [Fact]
    public async Task SendingFromATentativeOrForeignAddressIsAnError()
    {
        using var lab = new VethLab(nodeDad: true);
        lab.Node.Exec("sysctl", "-qw", "net.ipv6.conf.up1.dad_transmits=3");
        lab.Up();
        var node = await lab.NodeLinkAsync();
        Assert.True(node.Tentative);
        using var socket = lab.Node.Enter(RouterDiscoverySocket.Open);
        var packet = new RouterSolicitation(node.Mac).Encode();

        var tentative = socket.Send(packet, RouterDiscoverySocket.AllRouters, node.Index, node.LinkLocal!);
        Assert.False(tentative.IsOk, "the kernel should refuse a tentative source");
        var foreign = socket.Send(packet, RouterDiscoverySocket.AllRouters, node.Index, IPAddress.Parse("fe80::dead"));
        Assert.False(foreign.IsOk);
        Assert.NotEqual(0, foreign.Errno);
    }
}
