using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BgpSpeaker.Platform.Linux.Icmpv6;
using BgpSpeaker.Platform.Linux.Icmpv6.Codec;
using BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>Real RAs and RSs between namespaces over a veth pair.</summary>
public class RouterDiscoveryExchangeTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task EachEndLearnsTheOthersLinkLocalWithinASecond()
    {
        using var lab = new VethLab();
        lab.Up();
        var (node, leaf) = (await lab.NodeLinkAsync(), await lab.LeafLinkAsync());
        var clock = Stopwatch.StartNew();
        await using var nodeDriver = DriverLab.StartOn(lab.Node, "up1", node);
        await using var leafDriver = DriverLab.StartOn(lab.Leaf, "leaf1", leaf);

        var nodeLearned = await DriverLab.NextAsync<PeerLearned>(nodeDriver.Events, OneSecond, nodeDriver, leafDriver);
        var leafLearned = await DriverLab.NextAsync<PeerLearned>(leafDriver.Events, OneSecond, nodeDriver, leafDriver);
        Assert.True(clock.Elapsed < OneSecond, $"took {clock.Elapsed}");
        Assert.Equal((leaf.LinkLocal, node.Index, PeerSource.RouterAdvertisement), (nodeLearned.Peer, nodeLearned.Interface.Index, nodeLearned.Source));
        Assert.Equal(node.LinkLocal, leafLearned.Peer);

        await Task.Delay(100); // the status snapshot follows the loop's step
        var status = Assert.Single(nodeDriver.Interfaces);
        Assert.Equal($"up1: peer {leaf.LinkLocal}", status.Description);
        var counters = nodeDriver.Counters;
        Assert.True(counters.AdvertisementsSent >= 1 && counters.SolicitationsSent >= 1 && counters.AdvertisementsReceived >= 1, counters.ToString());
        Assert.Equal((0, 0, 0, 0), (counters.MalformedDropped, counters.WrongHopLimitDropped, counters.OwnPacketsDropped, counters.SendFailures));
    }

    [Fact]
    public async Task ADriverStartedLaterIsAnsweredAtOnce()
    {
        using var lab = new VethLab();
        lab.Up();
        var (node, leaf) = (await lab.NodeLinkAsync(), await lab.LeafLinkAsync());
        await using var leafDriver = DriverLab.StartOn(lab.Leaf, "leaf1", leaf);
        await Task.Delay(2500); // the leaf's quick RAs are over: only its answer to our RS can teach us fast
        var clock = Stopwatch.StartNew();
        await using var nodeDriver = DriverLab.StartOn(lab.Node, "up1", node);
        var learned = await DriverLab.NextAsync<PeerLearned>(nodeDriver.Events, OneSecond);
        Assert.Equal(leaf.LinkLocal, learned.Peer);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"took {clock.Elapsed}");
        Assert.True(leafDriver.Counters.SolicitationsReceived >= 1);
    }

    [Fact]
    public async Task OurRasLeaveWithHopLimit255AndNeverComeBack()
    {
        using var lab = new VethLab();
        lab.Up();
        var (node, leaf) = (await lab.NodeLinkAsync(), await lab.LeafLinkAsync());
        using var listener = lab.Leaf.Enter(RouterDiscoverySocket.Open);
        await using var nodeDriver = DriverLab.StartOn(lab.Node, "up1", node);

        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        ReceivedPacket packet;
        NdDecodeResult decoded;
        do
        {
            packet = (await listener.ReceiveAsync(buffer, timeout.Token)).Packet!.Value;
            decoded = NdCodec.Decode(buffer.AsSpan(0, packet.Length));
        }
        while (decoded.Message is not RouterAdvertisement);
        Assert.Equal((node.LinkLocal, leaf.Index, 255), (packet.Source, packet.InterfaceIndex, packet.HopLimit));
        Assert.Equal(new RouterAdvertisement(0, false, false, 0, 0, 0, node.Mac), decoded.Message);

        var events = await DriverLab.DuringAsync(nodeDriver.Events, TimeSpan.FromSeconds(2.5));
        Assert.DoesNotContain(events, e => e is PeerLearned);
        var counters = nodeDriver.Counters;
        Assert.True(counters.AdvertisementsSent >= 3, counters.ToString());
        Assert.Equal((0, 0), (counters.AdvertisementsReceived, counters.OwnPacketsDropped)); // multicast loop is off
        Assert.Equal("up1: waiting for a Router Advertisement", Assert.Single(nodeDriver.Interfaces).Description);
    }

    [Fact]
    public async Task PacketsFromOurOwnAddressesAreNotPeers()
    {
        // Both ends of one veth pair are fabric interfaces of one driver: each hears the other, which is us.
        using var ns = new Lab.TestNamespace();
        ns.Ip("link add up1 type veth peer name up2");
        ns.Exec("sysctl", "-qw", "net.ipv6.conf.up1.accept_dad=0");
        ns.Exec("sysctl", "-qw", "net.ipv6.conf.up2.accept_dad=0");
        ns.Ip("link set up1 up");
        ns.Ip("link set up2 up");
        var up1 = await LinkFacts.WaitAsync(ns, "up1", f => f.LinkLocal is not null && !f.Tentative, OneSecond, "a usable link-local");
        var up2 = await LinkFacts.WaitAsync(ns, "up2", f => f.LinkLocal is not null && !f.Tentative, OneSecond, "a usable link-local");
        await using var driver = DriverLab.StartOn(ns, "up1", up1);
        driver.AddInterface(new FabricInterface(up2.Index, "up2"), up2.Mac);
        driver.LinkUp(up2.Index);
        driver.AddressUsable(up2.Index, up2.LinkLocal!);

        var events = await DriverLab.DuringAsync(driver.Events, TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(events, e => e is PeerLearned);
        Assert.True(driver.Counters.OwnPacketsDropped >= 2, driver.Counters.ToString());
        Assert.Equal(0, driver.Counters.AdvertisementsReceived);
    }

    [Fact]
    public async Task NothingIsSentWhileOurAddressIsTentative()
    {
        using var lab = new VethLab(nodeDad: true);
        // Three probes a second apart: DAD keeps the address tentative for about 3 s.
        lab.Node.Exec("sysctl", "-qw", "net.ipv6.conf.up1.dad_transmits=3");
        lab.Up();
        var leaf = await lab.LeafLinkAsync();
        await using var leafDriver = DriverLab.StartOn(lab.Leaf, "leaf1", leaf);
        var node = await lab.NodeLinkAsync();
        Assert.True(node.Tentative, "the node's link-local should still be in DAD");
        await using var nodeDriver = DriverLab.StartOn(lab.Node, "up1", node);

        await Task.Delay(1500);
        Assert.Equal("up1: address tentative", Assert.Single(nodeDriver.Interfaces).Description);
        Assert.Equal((0, 0), (nodeDriver.Counters.AdvertisementsSent, nodeDriver.Counters.SolicitationsSent));
        Assert.Equal(0, leafDriver.Counters.AdvertisementsReceived);

        var usable = await LinkFacts.WaitAsync(lab.Node, "up1", f => !f.Tentative, TimeSpan.FromSeconds(10), "DAD to finish");
        Assert.Equal(0, nodeDriver.Counters.AdvertisementsSent);
        nodeDriver.AddressUsable(usable.Index, usable.LinkLocal!);
        var learned = await DriverLab.NextAsync<PeerLearned>(leafDriver.Events, OneSecond);
        Assert.Equal(node.LinkLocal, learned.Peer);
    }

    [Fact]
    public async Task WrongHopLimitsAndMalformedPacketsAreCountedAndDropped()
    {
        using var lab = new VethLab();
        lab.Up();
        var (node, leaf) = (await lab.NodeLinkAsync(), await lab.LeafLinkAsync());
        await using var nodeDriver = DriverLab.StartOn(lab.Node, "up1", node);
        using var sender = lab.Leaf.Enter(() => new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6));
        var allNodes = new IPEndPoint(new IPAddress(RouterDiscoverySocket.AllNodes.GetAddressBytes(), leaf.Index), 0);
        var validRa = new RouterAdvertisement(64, false, false, 30, 0, 0, leaf.Mac).Encode();

        sender.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 64);
        sender.SendTo(validRa, allNodes); // crossed a router, as far as anyone can tell
        sender.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
        sender.SendTo(NdCodecTests.Bytes("86 00 0000 40 00 001e 00000000 00000000 01 00 000000000000"), allNodes);
        sender.SendTo(NdCodecTests.Bytes("86 00 0000 40"), allNodes);
        await Task.Delay(300);
        var counters = nodeDriver.Counters;
        Assert.Equal((1, 2, 0), (counters.WrongHopLimitDropped, counters.MalformedDropped, counters.AdvertisementsReceived));
        Assert.Contains("too short", nodeDriver.LastMalformed, StringComparison.Ordinal);

        sender.SendTo(validRa, allNodes); // the driver is still listening
        Assert.Equal(leaf.LinkLocal, (await DriverLab.NextAsync<PeerLearned>(nodeDriver.Events, OneSecond)).Peer);
    }

    [Fact]
    public async Task LinkDownForgetsThePeerAndLinkUpLearnsItAgain()
    {
        using var lab = new VethLab();
        lab.Up();
        var (node, leaf) = (await lab.NodeLinkAsync(), await lab.LeafLinkAsync());
        await using var nodeDriver = DriverLab.StartOn(lab.Node, "up1", node);
        await using var leafDriver = DriverLab.StartOn(lab.Leaf, "leaf1", leaf);
        await DriverLab.NextAsync<PeerLearned>(nodeDriver.Events, OneSecond);

        nodeDriver.LinkDown(node.Index);
        Assert.Equal(leaf.LinkLocal, (await DriverLab.NextAsync<PeerLost>(nodeDriver.Events, OneSecond)).Peer);
        nodeDriver.LinkUp(node.Index);
        Assert.Equal(leaf.LinkLocal, (await DriverLab.NextAsync<PeerLearned>(nodeDriver.Events, OneSecond)).Peer);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(30, true)]
    public async Task OnlyANonZeroRouterLifetimeMakesALinuxNeighbourRouteViaUs(ushort lifetime, bool defaultRoute)
    {
        // A namespace is a host by default (forwarding 0, accept_ra 1): the kernel acts on our RA as RFC 4861 says.
        using var lab = new VethLab();
        lab.Up();
        var node = await lab.NodeLinkAsync();
        await lab.LeafLinkAsync();
        await using var nodeDriver = DriverLab.StartOn(lab.Node, "up1", node, new RouterDiscoveryOptions { RouterLifetimeSeconds = lifetime });
        await Task.Delay(1500);
        var routes = lab.Leaf.Ip("-6 route show default");
        Assert.Equal(defaultRoute, routes.Contains($"via {node.LinkLocal} dev leaf1 proto ra", StringComparison.Ordinal));
    }
}
