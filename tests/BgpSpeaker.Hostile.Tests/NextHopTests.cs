using System.Net;
using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// IPv6 routes over an IPv4 session, against a daemon of its own on loopback: with a configured
/// <c>nextHop.ipv6</c> they are announced with it; without one (lo has no global IPv6 address to use
/// instead) they are not sent, and show neighbors and one log line say why.
/// </summary>
public sealed class NextHopTests : IAsyncLifetime
{
    private static readonly IPAddress Plain = IPAddress.Parse("127.0.2.11");
    private static readonly IPAddress Configured = IPAddress.Parse("127.0.2.12");
    private readonly int _port = Ports.Free();
    private readonly List<IAsyncDisposable> _owned = []; // peers, then the daemon: disposed in reverse
    private DaemonProcess Daemon => (DaemonProcess)_owned[0];

    public async Task InitializeAsync()
    {
        var daemon = new DaemonProcess(Path.Combine(Path.GetTempPath(), $"bghn-{Guid.NewGuid():N}"), $"""
            asn: 65000
            routerId: 10.255.255.3
            listen: {"{"} addresses: ["127.0.0.1"] {"}"}
            networks:
              - prefix: 192.0.2.1/32
              - prefix: 2001:db8:99::/48
            neighbors:
              - address: {Plain}
                remoteAs: 65201
                description: plain
                passive: true
                families: [ipv4-unicast, ipv6-unicast]
                import: accept
                export: accept
              - address: {Configured}
                remoteAs: 65202
                description: configured
                passive: true
                families: [ipv4-unicast, ipv6-unicast]
                nextHop: {"{"} ipv6: "2001:db8::10" {"}"}
                import: accept
                export: accept
            """, _port);
        _owned.Add(daemon);
        await daemon.StartAsync();
    }

    private async Task<TablePeer> ConnectAsync(IPAddress source, uint asn)
    {
        var open = WirePeer.Open(asn, 0, $"10.2.1.{asn % 100}", new MultiprotocolCapability(AfiSafi.Ipv6Unicast));
        var peer = await TablePeer.StartAsync(source, new IPEndPoint(IPAddress.Loopback, _port), open);
        _owned.Add(peer);
        return peer;
    }

    [Fact]
    public async Task AConfiguredIpv6NextHopCarriesIpv6RoutesOverAnIpv4Session()
    {
        var peer = await ConnectAsync(Configured, 65202);
        await Wait.UntilAsync(() => Task.FromResult(peer.NextHopOf("2001:db8:99::/48") is not null), Wait.Default,
            "2001:db8:99::/48 at the peer", () => Daemon.Log);
        Assert.Equal(NextHop.V6(IpAddresses.ToBits(IPAddress.Parse("2001:db8::10"))), peer.NextHopOf("2001:db8:99::/48"));
        Assert.Contains(peer.Received, r => r.StartsWith("192.0.2.1/32 ", StringComparison.Ordinal));
        Assert.False((await Daemon.NeighborAsync("configured")).TryGetProperty("notAnnounced", out _));
    }

    [Fact]
    public async Task WithoutAnIpv6NextHopTheFamilyIsNotSentAndTheOperatorIsToldOnce()
    {
        var peer = await ConnectAsync(Plain, 65201);
        await Wait.UntilAsync(() => Task.FromResult(peer.NextHopOf("192.0.2.1/32") is not null), Wait.Default, "192.0.2.1/32 at the peer", () => $"{peer.Failure}\n{Daemon.Log}");
        var why = (await Daemon.NeighborAsync("plain")).GetProperty("notAnnounced").GetProperty("ipv6-unicast").GetString();
        Assert.Contains("set nextHop.ipv6", why, StringComparison.Ordinal);
        Assert.Null(peer.NextHopOf("2001:db8:99::/48"));
        Assert.Single(Daemon.Log.Split('\n'), l => l.Contains("neighbor plain: cannot announce ipv6-unicast", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }
}
