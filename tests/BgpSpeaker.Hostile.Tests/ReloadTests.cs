using System.Globalization;
using System.Net;
using System.Text;
using BgpSpeaker.Hostile.Tests.Harness;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// Reload on SIGHUP against a daemon of its own, with two table peers: a reload diffs against what
/// runs (not the start-up file), never stops the daemon, and any sequence of valid files ends in the
/// state a fresh start with the last file reaches; an invalid file in between changes nothing.
/// </summary>
public sealed class ReloadTests : IAsyncLifetime
{
    private const uint DaemonAs = 65000;
    private static readonly Neighbor A = new("a", IPAddress.Parse("127.0.2.1"), 65101, "10.2.0.1",
        [Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(65101), Raw.NextHop("198.18.1.1")), Raw.Nlri("10.101.1.0/24", "10.101.2.0/24")),
         Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(65101, 65111), Raw.NextHop("198.18.1.1"), Raw.Attr(0xC0, 8, Raw.U32(0xFE6D0001))), Raw.Nlri("10.101.3.0/24"))]);
    private static readonly Neighbor B = new("b", IPAddress.Parse("127.0.2.2"), 65102, "10.2.0.2",
        [Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(65102), Raw.NextHop("198.18.2.1")), Raw.Nlri("10.102.1.0/24", "10.102.2.0/24"))]);

    private readonly List<IAsyncDisposable> _owned = [];

    private sealed record Neighbor(string Name, IPAddress Address, uint Asn, string RouterId, byte[][] Routes);

    /// <summary>One configuration: each neighbor's import and export, and which networks we originate.</summary>
    private sealed record Setup(string ImportA, string ExportA, string ImportB, string ExportB, bool Network1, bool Network2, bool SparePolicy)
    {
        public static readonly string[] Imports = ["accept", "reject", "only-listed", "tag"];
        public static readonly string[] Exports = ["accept", "reject", "local-routes", "tag"];

        public static Setup Random(Random random) => new(
            Imports[random.Next(Imports.Length)], Exports[random.Next(Exports.Length)],
            Imports[random.Next(Imports.Length)], Exports[random.Next(Exports.Length)],
            random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0);

        /// <summary>Named policies appear only when a neighbor names them (or as a spare), so reloads add and delete them.</summary>
        public string Yaml(int port)
        {
            var used = new[] { ImportA, ExportA, ImportB, ExportB }.ToHashSet(StringComparer.Ordinal);
            var yaml = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
                asn: {DaemonAs}
                routerId: 10.255.255.2
                listen:
                  addresses: ["127.0.0.1"]
                  port: {port}
                networks:

                """));
            yaml.Append(Network1 ? "  - prefix: 192.0.2.1/32\n" : "");
            yaml.Append(Network2 ? "  - prefix: 192.0.2.2/32\n    communities: [\"65000:2\"]\n" : "");
            yaml.Append(Network1 || Network2 ? "" : "  []\n");
            yaml.Append("neighbors:\n");
            foreach (var (n, import, export) in new[] { (A, ImportA, ExportA), (B, ImportB, ExportB) })
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - address: {n.Address}\n    remoteAs: {n.Asn}\n    description: {n.Name}\n    passive: true\n    import: {import}\n    export: {export}\n");
            }
            if (used.Contains("only-listed"))
            {
                yaml.Append("prefixLists:\n  listed: [10.101.1.0/24, 10.102.0.0/16 le 24]\n");
            }
            var policies = new StringBuilder();
            if (used.Contains("only-listed"))
            {
                policies.Append("  only-listed:\n    - match: { prefixLists: [listed] }\n      action: accept\n");
            }
            if (used.Contains("tag") || SparePolicy)
            {
                policies.Append("  tag:\n    - set: { communities: { add: [\"65000:77\"] } }\n      action: accept\n");
            }
            yaml.Append(policies.Length > 0 ? $"policies:\n{policies}" : "");
            return yaml.ToString();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task ImportAcceptRejectAcceptBringsTheRoutesBack()
    {
        var daemon = await StartAsync(new Setup("accept", "accept", "accept", "accept", true, false, false), out var peers);
        await daemon.ReloadAsync(new Setup("reject", "accept", "accept", "accept", true, false, false).Yaml(daemon.Port));
        await Wait.UntilAsync(async () => (await daemon.RoutesFromAsync(A.Name)).Count == 0, Wait.Default, "a's routes to be rejected", () => daemon.Log);
        // The route refresh's 3 prefixes, refused by the new import. `show routes` reads the tables at once;
        // `show neighbors` reads the figures published after each batch, so it may lag by one batch.
        await Wait.UntilAsync(async () => (await daemon.NeighborAsync(A.Name)).GetProperty("announcements").GetProperty("rejectedByPolicy").GetInt64() == 3,
            Wait.Default, "a's 3 refreshed prefixes to be counted as rejected by policy", () => daemon.Log);
        await daemon.ReloadAsync(new Setup("accept", "accept", "accept", "accept", true, false, false).Yaml(daemon.Port));
        await Wait.UntilAsync(async () => (await daemon.RoutesFromAsync(A.Name)).Count == 3, Wait.Default, "a's 3 routes to come back", () => daemon.Log);
        await Wait.UntilAsync(() => Task.FromResult(peers[1].Received.Count(r => r.StartsWith("10.101.", StringComparison.Ordinal)) == 3), Wait.Default,
            "b to hold a's 3 routes again", () => string.Join("\n", peers[1].Received));
    }

    [Fact]
    public async Task ANamedPolicyDeletedWhileNoLongerNamedDoesNotStopTheDaemon()
    {
        var daemon = await StartAsync(new Setup("accept", "accept", "accept", "accept", true, false, false));
        await daemon.ReloadAsync(new Setup("only-listed", "accept", "accept", "accept", true, false, false).Yaml(daemon.Port));
        await Wait.UntilAsync(async () => (await daemon.RoutesFromAsync(A.Name)).Keys.SequenceEqual(["10.101.1.0/24"]), Wait.Default,
            "only a's listed route", () => daemon.Log);
        await daemon.ReloadAsync(new Setup("accept", "accept", "accept", "accept", true, false, false).Yaml(daemon.Port));
        await Wait.UntilAsync(async () => (await daemon.RoutesFromAsync(A.Name)).Count == 3, Wait.Default, "a's 3 routes again", () => daemon.Log);
        Assert.DoesNotContain("[1404]", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassiveAndConnectRetryChangedByAReloadReachTheRunningSession()
    {
        var setup = new Setup("accept", "accept", "accept", "accept", true, false, false);
        var daemon = await StartAsync(setup);
        string yaml = setup.Yaml(daemon.Port);
        int second = yaml.IndexOf("passive: true", yaml.IndexOf(B.Address.ToString(), StringComparison.Ordinal), StringComparison.Ordinal);
        await daemon.ReloadAsync(yaml[..second] + "passive: false\n    connectRetry: 17" + yaml[(second + "passive: true".Length)..]);
        var b = await daemon.NeighborAsync(B.Name);
        Assert.Equal((false, 17), (b.GetProperty("passive").GetBoolean(), b.GetProperty("connectRetrySeconds").GetInt32()));
        Assert.Contains($"{B.Name}: passive, connectRetry applied", daemon.Log, StringComparison.Ordinal);
        Assert.Equal("Established", b.GetProperty("state").GetString()); // in place: the session stayed up
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AnySequenceOfReloadsEndsWhereAFreshStartWithTheLastFileBegins(int seed)
    {
        var random = new Random(seed);
        var daemon = await StartAsync(Setup.Random(random), out var peers);
        Setup last = null!;
        for (int step = 0; step < 6; step++)
        {
            last = Setup.Random(random);
            await daemon.ReloadAsync(last.Yaml(daemon.Port));
            if (random.Next(3) == 0)
            {
                int refused = daemon.Log.Split('\n').Count(l => l.Contains("[1402]", StringComparison.Ordinal));
                await daemon.ReloadAsync(last.Yaml(daemon.Port).Replace("passive: true", "pasive: true", StringComparison.Ordinal)); // invalid: changes nothing
                Assert.Equal(refused + 1, daemon.Log.Split('\n').Count(l => l.Contains("[1402]", StringComparison.Ordinal)));
            }
        }
        var fresh = await StartAsync(last, out var freshPeers);
        var expected = await SettledStateAsync(fresh, freshPeers);
        string? got = null;
        await Wait.UntilAsync(async () => (got = await StateAsync(daemon, peers)) == expected, TimeSpan.FromSeconds(15),
            $"the reloaded daemon (seed {seed}) to reach the fresh daemon's state",
            () => $"expected:\n{expected}\ngot:\n{got}\n{daemon.Log}");
        Assert.All(peers.Concat(freshPeers), p => Assert.Null(p.Failure));
    }

    private Task<DaemonProcess> StartAsync(Setup setup) => StartAsync(setup, out _);

    private Task<DaemonProcess> StartAsync(Setup setup, out List<TablePeer> peers)
    {
        var list = new List<TablePeer>();
        peers = list;
        return StartAsync(setup, list);
    }

    private async Task<DaemonProcess> StartAsync(Setup setup, List<TablePeer> peers)
    {
        int port = Ports.Free();
        var daemon = new DaemonProcess(Path.Combine(Path.GetTempPath(), $"bghr-{Guid.NewGuid():N}"), setup.Yaml(port), port);
        _owned.Add(daemon);
        await daemon.StartAsync();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        foreach (var neighbor in new[] { A, B })
        {
            var peer = await TablePeer.StartAsync(neighbor.Address, endPoint, neighbor.Asn, neighbor.RouterId, neighbor.Routes);
            _owned.Add(peer);
            peers.Add(peer);
        }
        return daemon;
    }

    /// <summary>The daemon's routes and what each peer holds from it, once unchanged for a second.</summary>
    private static async Task<string> SettledStateAsync(DaemonProcess daemon, List<TablePeer> peers)
    {
        string previous = "";
        int stable = 0;
        await Wait.UntilAsync(async () =>
        {
            var now = await StateAsync(daemon, peers);
            stable = now == previous ? stable + 1 : 0;
            previous = now;
            return stable >= 10;
        }, TimeSpan.FromSeconds(20), "the fresh daemon's state to settle", () => daemon.Log);
        return previous;
    }

    private static async Task<string> StateAsync(DaemonProcess daemon, List<TablePeer> peers)
    {
        var routes = (await daemon.ShowAsync("routes")).GetProperty("routes").EnumerateArray()
            .Select(r => $"{Field(r, "peer")} {Field(r, "prefix")} [{Field(r, "asPath")}] {Field(r, "communities")}")
            .Order(StringComparer.Ordinal);
        var received = peers.Select((p, i) => $"{(i == 0 ? A : B).Name} holds:\n  {string.Join("\n  ", p.Received)}");
        return $"routes:\n  {string.Join("\n  ", routes)}\n{string.Join("\n", received)}";
    }

    private static string Field(System.Text.Json.JsonElement route, string name) =>
        route.TryGetProperty(name, out var value) ? value.ToString() : "-";

}
