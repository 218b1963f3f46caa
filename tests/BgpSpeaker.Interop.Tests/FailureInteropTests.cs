using BgpSpeaker.Interop.Tests.Lab;

namespace BgpSpeaker.Interop.Tests;

/// <summary>What happens when the FRR peer dies, freezes, or breaks a limit — and that it comes back.</summary>
public sealed class FailureInteropTests : InteropTestBase
{
    private static async Task<string> StateAsync(Speaker node) => (await node.NeighborAsync("leaf1")).GetProperty("state").GetString()!;

    private static async Task<string> LastDownAsync(Speaker node) =>
        (await node.NeighborAsync("leaf1")).TryGetProperty("lastDown", out var down) ? down.GetProperty("kind").GetString()! : "";

    [Fact]
    public async Task FrozenPeerIsDetectedAtHoldTimerExpiryAndTheSessionReturns()
    {
        var (leaf, node) = await Ipv4LabAsync();
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");

        // SIGSTOP: the peer's TCP stays open but nothing is sent, as when a box hangs or a link silently drops.
        await leaf.SignalBgpdAsync("STOP");
        var frozenAt = DateTime.UtcNow;
        await Wait.UntilAsync(async () => await StateAsync(node) != "Established", TimeSpan.FromSeconds(20), "the hold timer (9 s) to expire", _lab.Diagnostics);
        var detectedAfter = DateTime.UtcNow - frozenAt;
        Assert.InRange(detectedAfter.TotalSeconds, 5, 12); // hold 9 s after the last KEEPALIVE (sent every 3 s)
        Assert.Equal("HoldTimerExpired", await LastDownAsync(node));
        var down = (await node.NeighborAsync("leaf1")).GetProperty("lastDown").GetProperty("reason").GetString();
        Assert.Contains("hold timer expired", down, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await node.NeighborAsync("leaf1")).GetProperty("prefixesReceived").GetInt32());

        await leaf.SignalBgpdAsync("CONT");
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");
        Assert.Equal(1, (await node.NeighborAsync("leaf1")).GetProperty("flaps").GetInt32());
        await Wait.UntilAsync(async () => (await node.NeighborAsync("leaf1")).GetProperty("prefixesReceived").GetInt32() == 2,
            TimeSpan.FromSeconds(15), "leaf1's routes to come back", _lab.Diagnostics);
    }

    [Fact]
    public async Task KilledPeerIsDetectedAtOnceAndTheSessionReturnsWhenItRestarts()
    {
        var (leaf, node) = await Ipv4LabAsync();
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");

        await leaf.SignalBgpdAsync("KILL"); // the kernel closes its sockets: we see the connection end
        await Wait.UntilAsync(async () => await StateAsync(node) != "Established", TimeSpan.FromSeconds(5), "the closed connection to be noticed", _lab.Diagnostics);
        Assert.Equal("TcpConnectionClosed", await LastDownAsync(node));
        Assert.Empty(Routes(await node.ShowAsync("routes")));

        await leaf.RestartBgpdAsync();
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");
        await Wait.UntilAsync(async () => (await leaf.JsonAsync("show bgp ipv4 unicast json")).GetProperty("routes").TryGetProperty("10.0.0.10/32", out _),
            TimeSpan.FromSeconds(15), "the restarted leaf1 to receive our routes", _lab.Diagnostics);
    }

    [Fact]
    public async Task Md5PasswordAndTtlSecurityInteroperate()
    {
        var (leaf, node) = await Ipv4LabAsync(neighborYaml: """
                password: s3cret-key
                ttlSecurity: true
            """, leafLines: ["password s3cret-key", "ttl-security hops 1"]);
        await EstablishedAsync(leaf, "10.255.1.1", node, "leaf1");
        Assert.Contains("Established", await leaf.NeighborStateAsync("10.255.1.1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMd5PasswordNeverEstablishes()
    {
        var (leaf, node) = await Ipv4LabAsync(neighborYaml: """
                password: not-the-key
            """, leafLines: ["password s3cret-key"]);
        // Both sides keep trying every second; TCP-MD5 drops every segment, so no session comes up.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.NotEqual("Established", await leaf.NeighborStateAsync("10.255.1.1"));
        Assert.NotEqual("Established", await StateAsync(node));
        Assert.Equal(0, (await node.NeighborAsync("leaf1")).GetProperty("messagesReceived").GetProperty("open").GetInt32());
    }

    [Fact]
    public async Task MaxPrefixEndsTheSessionWithTheRfc4486Cease()
    {
        var (leaf, node) = await Ipv4LabAsync(neighborYaml: """
                maxPrefixes: { limit: 2, warningPercent: 50, restartAfter: 0 }
            """, leafNetworks: ["0.0.0.0/0", "10.1.0.0/16", "10.2.0.0/16"]);
        await Wait.UntilAsync(async () => await LastDownAsync(node) == "MaxPrefixExceeded", TimeSpan.FromSeconds(30), "max-prefix to stop the session", _lab.Diagnostics);
        await Wait.UntilAsync(async () => await leaf.NeighborStateAsync("10.255.1.1") != "Established", TimeSpan.FromSeconds(10), "leaf1 to see the Cease", _lab.Diagnostics);
        var frr = (await leaf.JsonAsync("show bgp neighbors 10.255.1.1 json")).GetProperty("10.255.1.1");
        Assert.Equal("Cease/Maximum Number of Prefixes Reached", frr.GetProperty("lastNotificationReason").GetString());
        Assert.Contains("exceed max-prefix 2", node.Log, StringComparison.Ordinal);
        // restartAfter 0: it stays down (FRR keeps retrying; we refuse while administratively idle).
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("Idle", await StateAsync(node));
    }
}
