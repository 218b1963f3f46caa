using System.Text.Json;
using BgpSpeaker.Hostile.Tests.Harness;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// What an operator can see of a peer's announcements: per neighbor, prefixes received, accepted,
/// refused as a loop and treated as withdrawn; the last malformed UPDATEs in words, with the offending
/// attribute in hex and the prefixes they hit (show neighbors NAME), since the log is rate-limited.
/// </summary>
public sealed class VisibilityTests(DaemonFixture fixture) : HostileTest(fixture)
{
    [Fact]
    public async Task AnnouncementsAreCountedByWhatBecameOfThem()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Announce(slot.Subject));                                            // accepted
        await peer.SendAsync(Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(Raw.HostileAs, DaemonFixture.DaemonAs), Raw.NextHop("198.18.0.1")),
            Raw.Nlri("10.200.1.0/24", "10.200.2.0/24")));                                           // our AS: a loop
        var badOrigin = Raw.Origin(3);
        await peer.SendAsync(Raw.Update(Raw.Cat(badOrigin, Raw.AsPath(Raw.HostileAs), Raw.NextHop("198.18.0.1")),
            Raw.Nlri("10.200.3.0/24", "10.200.4.0/24", "10.200.5.0/24")));                          // ORIGIN 3: treat-as-withdraw
        await ProbeAsync(slot, peer);                                                                // accepted

        var neighbor = await Daemon.ShowAsync($"neighbors {slot.Name}");
        var n = Assert.Single(neighbor.GetProperty("neighbors").EnumerateArray());
        var a = n.GetProperty("announcements");
        Assert.Equal((7, 2, 0, 2, 3), (a.GetProperty("received").GetInt64(), a.GetProperty("accepted").GetInt64(),
            a.GetProperty("rejectedByPolicy").GetInt64(), a.GetProperty("rejectedAsLoop").GetInt64(), a.GetProperty("treatedAsWithdraw").GetInt64()));

        var recent = Assert.Single(n.GetProperty("recentMalformedUpdates").EnumerateArray());
        Assert.Equal("routes treated as withdrawn", recent.GetProperty("handling").GetString());
        Assert.Contains("ORIGIN", recent.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(badOrigin), recent.GetProperty("attribute").GetString());
        Assert.Equal(["10.200.3.0/24", "10.200.4.0/24", "10.200.5.0/24"], recent.GetProperty("prefixes").EnumerateArray().Select(p => p.GetString()));
        await WaitForLogAsync($"neighbor {slot.Name}: malformed UPDATE, routes treated as withdrawn (RFC 7606): ORIGIN");
        Assert.Contains("prefixes 10.200.3.0/24, 10.200.4.0/24, 10.200.5.0/24", Daemon.Log, StringComparison.Ordinal);
        await AssertSessionUpAsync(slot, peer);
    }

    [Fact]
    public async Task AnUnknownNeighborNameIsAnError()
    {
        var answer = await Daemon.ShowAsync("neighbors no-such-peer");
        Assert.Equal("no neighbor named 'no-such-peer'; show neighbors lists them", answer.GetProperty("error").GetString());
        Assert.False(answer.TryGetProperty("neighbors", out JsonElement _));
    }

    [Fact]
    public async Task RoutesComeInPagesThatJoinUpToTheWholeTable()
    {
        static List<string> Prefixes(JsonElement answer) => [.. answer.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("prefix").GetString()!)];
        // Other tests' peers come and go on the shared daemon: compare only while the table stood still.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var before = Prefixes(await Daemon.ShowAsync("routes"));
            Assert.True(before.Count >= 2, $"the fixture's daemon holds {before.Count} route(s)");
            var pages = new List<string>();
            string query = "routes limit 1";
            for (int i = 0; i <= before.Count + 5; i++)
            {
                var page = await Daemon.ShowAsync(query);
                pages.AddRange(Prefixes(page));
                if (!page.TryGetProperty("next", out var next))
                {
                    break;
                }
                query = $"routes limit 1 after {next.GetString()}";
            }
            if (before.SequenceEqual(Prefixes(await Daemon.ShowAsync("routes"))))
            {
                Assert.Equal(before, pages);
                Assert.StartsWith("routes takes 'limit N'", (await Daemon.ShowAsync("routes limit 0")).GetProperty("error").GetString(), StringComparison.Ordinal);
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail("the table kept changing while it was paged");
    }

    [Fact]
    public async Task SummaryDoesNotCollectButMemoryDoes()
    {
        const int Asks = 20;
        int before = GcCount(await Daemon.ShowAsync("summary"));
        for (int i = 0; i < Asks; i++)
        {
            await Daemon.ShowAsync("summary");
        }
        int afterSummaries = GcCount(await Daemon.ShowAsync("summary"));
        Assert.True(afterSummaries - before < Asks / 2, $"{afterSummaries - before} full collections during {Asks} summaries");
        Assert.True(GcCount(await Daemon.ShowAsync("memory")) > afterSummaries, "memory collects before it counts");
    }

    private static int GcCount(JsonElement answer) => answer.GetProperty("memory").GetProperty("fullCollections").GetInt32();
}
