using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>clear neighbor NAME [soft] over the control socket: a reset the peer sees as a Cease, or a refresh both ways without one.</summary>
public sealed class ClearTests(DaemonFixture fixture) : HostileTest(fixture)
{
    [Fact]
    public async Task AHardClearSendsAnAdministrativeResetAndTheSessionComesBackAtOnce()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Announce(slot.Subject));
        await WaitForRouteAsync(slot, slot.Subject);

        var answer = await Daemon.ShowAsync($"clear {slot.Name}");
        Assert.Equal(slot.Name, answer.GetProperty("neighbor").GetString());
        Assert.False(answer.GetProperty("soft").GetBoolean());
        var cease = await peer.NextAsync<NotificationMessage>("the Cease");
        Assert.Equal((ErrorCode.Cease, CeaseSubcode.AdministrativeReset), (cease.Code, cease.Subcode));
        await peer.UntilClosedAsync();
        await Wait.UntilAsync(async () => !(await Daemon.RoutesFromAsync(slot.Name)).ContainsKey(slot.Subject), Wait.Default,
            "the cleared session's routes to go", () => Daemon.Log);

        // No back-off after an operator's reset: the peer is taken again at once.
        var again = await WirePeer.ConnectAsync(slot.Address, Fixture.EndPoint);
        await using (again)
        {
            await again.EstablishAsync(HostileOpen(slot));
            var neighbor = await Daemon.NeighborAsync(slot.Name);
            Assert.Equal("Established", neighbor.GetProperty("state").GetString());
            Assert.Equal(1, neighbor.GetProperty("flaps").GetInt32());
        }
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task ASoftClearAsksForARefreshAndSendsOurRoutesAgainWithoutAReset()
    {
        var (slot, peer) = await EstablishAsync();
        await ProbeAsync(slot, peer);
        peer.Drain();

        var answer = await Daemon.ShowAsync($"clear {slot.Name} soft");
        Assert.True(answer.GetProperty("soft").GetBoolean(), answer.ToString());
        Assert.StartsWith("route refresh asked; ", answer.GetProperty("done").GetString(), StringComparison.Ordinal);
        var refresh = await peer.NextAsync<RouteRefreshMessage>("the ROUTE-REFRESH");
        Assert.Equal(AfiSafi.Ipv4Unicast, refresh.Family);
        var update = await peer.NextAsync<UpdateMessage>("our routes again");
        Assert.True(update.Nlri.Count > 0, "the UPDATE after a soft clear announces nothing");
        await AssertSessionUpAsync(slot, peer);
        await AssertUnharmedAsync();
    }

    [Theory]
    [InlineData("clear no-such-peer", "no neighbor named 'no-such-peer'; show neighbors lists them")]
    [InlineData("clear a b c", "usage: clear NAME [soft]")]
    [InlineData("clear a hard", "usage: clear NAME [soft]")]
    public async Task ABadClearIsAnErrorInWords(string command, string error) =>
        Assert.Equal(error, (await Daemon.ShowAsync(command)).GetProperty("error").GetString());

    [Fact]
    public async Task ASoftClearOfASessionThatIsNotUpSaysSo()
    {
        var slot = Fixture.NextHostile();
        var answer = await Daemon.ShowAsync($"clear {slot.Name} soft");
        Assert.StartsWith($"neighbor {slot.Name} is Active, not Established", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
