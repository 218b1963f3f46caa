using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BgpSpeaker.Platform.Linux.Icmpv6;
using BgpSpeaker.Platform.Linux.Icmpv6.Codec;
using BgpSpeaker.Platform.Linux.Icmpv6.Discovery;
using Xunit.Abstractions;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>
/// Against FRR 8.4 (Debian): its zebra's RAs teach us the leaf, ours teach zebra the node, and bgpd
/// connects to the link-local it learned from us — also when we advertise router lifetime 0.
/// </summary>
public class FrrRouterDiscoveryTests(ITestOutputHelper output)
{
    private const string ZebraWithRas = """
        hostname leaf
        interface leaf1
         ipv6 nd ra-interval 10
         no ipv6 nd suppress-ra
        !
        """;

    [Fact]
    public async Task ZebraAndOurDriverLearnEachOther()
    {
        using var lab = new VethLab();
        lab.Up();
        var (node, leaf) = (await lab.NodeLinkAsync(), await lab.LeafLinkAsync());
        using var listener = lab.Node.Enter(RouterDiscoverySocket.Open);
        using var frr = new FrrRouter(lab.Leaf, ZebraWithRas);

        // FRR's own RA: hop limit 64 and a router lifetime of 3 × ra-interval.
        var zebraRa = await NextRouterAdvertisementAsync(listener, TimeSpan.FromSeconds(5));
        Assert.Equal(new RouterAdvertisement(64, false, false, 30, 0, 0, leaf.Mac), zebraRa);

        var clock = Stopwatch.StartNew();
        await using var driver = DriverLab.StartOn(lab.Node, "up1", node);
        var learned = await DriverLab.NextAsync<PeerLearned>(driver.Events, TimeSpan.FromSeconds(1));
        Assert.Equal(leaf.LinkLocal, learned.Peer);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");

        // zebra lists the routers it heard on the interface as "Neighbor address(s)".
        output.WriteLine($"our driver learned zebra after {clock.ElapsedMilliseconds} ms");
        await UntilAsync(() => frr.Zebra("show interface leaf1").Contains($"inet6 {node.LinkLocal}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(2), () => $"zebra did not learn {node.LinkLocal}: {frr.Zebra("show interface leaf1")}");
        output.WriteLine($"zebra lists us after {clock.ElapsedMilliseconds} ms");
        // Our RA leaves hop limit, M/O, reachable and retrans unspecified, so zebra finds nothing to disagree with.
        Assert.DoesNotContain("doesn't agree", frr.Log("zebra"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1800)]
    public async Task BgpdConnectsToTheLinkLocalItLearnedFromOurRas(ushort routerLifetime)
    {
        using var lab = new VethLab();
        lab.Up();
        var (node, leaf) = (await lab.NodeLinkAsync(), await lab.LeafLinkAsync());
        using var bgpPort = lab.Node.Enter(() =>
        {
            var socket = new TcpListener(IPAddress.IPv6Any, 179);
            socket.Start();
            return socket;
        });
        // No RA settings for zebra: bgpd turns RAs on by itself for an interface neighbour.
        using var frr = new FrrRouter(lab.Leaf, "hostname leaf\n", """
            router bgp 65001
             bgp router-id 10.0.0.1
             no bgp ebgp-requires-policy
             neighbor leaf1 interface remote-as external
            !
            """);
        // Control: zebra's RAs flow, but without ours bgpd has no address to connect to.
        using (var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => (await bgpPort.AcceptTcpClientAsync(quiet.Token)).Dispose());
        }

        var clock = Stopwatch.StartNew();
        await using var driver = DriverLab.StartOn(lab.Node, "up1", node, new RouterDiscoveryOptions { RouterLifetimeSeconds = routerLifetime });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var connection = await AcceptOrFailAsync(bgpPort, () => frr.Log("bgpd"), timeout.Token);
        output.WriteLine($"router lifetime {routerLifetime}: bgpd connected {clock.ElapsedMilliseconds} ms after our driver started");
        var remote = (IPEndPoint)connection.Client.RemoteEndPoint!;
        Assert.Equal(leaf.LinkLocal, new IPAddress(remote.Address.GetAddressBytes()));
        Assert.Equal(node.Index, remote.Address.ScopeId);
    }

    private static async Task<RouterAdvertisement> NextRouterAdvertisementAsync(RouterDiscoverySocket socket, TimeSpan timeout)
    {
        var buffer = new byte[2048];
        using var timer = new CancellationTokenSource(timeout);
        while (true)
        {
            var packet = (await socket.ReceiveAsync(buffer, timer.Token)).Packet!.Value;
            if (NdCodec.Decode(buffer.AsSpan(0, packet.Length)).Message is RouterAdvertisement advertisement)
            {
                return advertisement;
            }
        }
    }

    private static async Task<TcpClient> AcceptOrFailAsync(TcpListener listener, Func<string> log, CancellationToken cancellationToken)
    {
        try
        {
            return await listener.AcceptTcpClientAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"bgpd never connected; its log:\n{log()}");
            throw;
        }
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(failure());
            }
            await Task.Delay(50);
        }
    }
}
