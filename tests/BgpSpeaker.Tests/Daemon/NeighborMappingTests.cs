using BgpSpeaker.Daemon;

namespace BgpSpeaker.Tests.Daemon;

public class NeighborMappingTests
{
    [Fact]
    public void IdleHoldReachesTheSessionSettings()
    {
        var config = Configuration.ConfigAssert.Valid(Configuration.ConfigAssert.Header + """
            timers: {idleHold: {initial: 2, max: 120}}
            neighbors:
              - {address: 10.255.0.1, remoteAs: 65001}
              - {address: 10.255.1.1, remoteAs: 65002, idleHold: {max: 10}}
            """);

        var inherited = NeighborMapping.Settings(config, config.Neighbors[0]);
        var own = NeighborMapping.Settings(config, config.Neighbors[1]);

        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(120)), (inherited.IdleHoldTime, inherited.IdleHoldTimeMax));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), (own.IdleHoldTime, own.IdleHoldTimeMax));
    }

    [Fact]
    public void WithoutIdleHoldTheSessionKeepsItsDefaults()
    {
        var config = Configuration.ConfigAssert.Valid(Configuration.ConfigAssert.Header + "neighbors: [{address: 10.255.0.1, remoteAs: 65001}]");

        var settings = NeighborMapping.Settings(config, config.Neighbors[0]);

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)), (settings.IdleHoldTime, settings.IdleHoldTimeMax));
    }
}
