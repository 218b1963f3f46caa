using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

public class UnknownKeyTests
{
    [Fact]
    public void TopLevelTypoGetsAHint() =>
        SingleError(Header + "routerid: 10.0.0.11\n", 3, 1, "unknown key 'routerid' in the configuration; did you mean 'routerId'?");

    [Fact]
    public void NeighborTypoGetsAHint() =>
        SingleError(Header + """
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
                holdtime: 9
            """, 6, 5, "unknown key 'holdtime' in neighbor; did you mean 'holdTime'?");

    [Fact]
    public void TransposedLettersGetAHint() =>
        SingleError(Header + "timers:\n  keeplaive: 3\n", 4, 3, "unknown key 'keeplaive' in timers; did you mean 'keepalive'?");

    [Fact]
    public void NestedMappingTypoGetsAHint() =>
        SingleError(Header + """
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
                maxPrefixes: {limit: 10, warnPercent: 80}
            """, 6, 30, "unknown key 'warnPercent' in maxPrefixes; did you mean 'warningPercent'?");

    [Fact]
    public void IdleHoldTypoGetsAHint() =>
        SingleError(Header + "timers:\n  idleHold: {intial: 1, max: 60}\n", 4, 14, "unknown key 'intial' in idleHold; did you mean 'initial'?");

    [Fact]
    public void FarFromAnyKeyGetsNoHint() =>
        SingleError(Header + "listen:\n  backlog: 5\n", 4, 3, "unknown key 'backlog' in listen");

    [Fact]
    public void NeighborSettingAtTopLevelIsUnknown() =>
        SingleError(Header + "remoteAs: 65001\n", 3, 1, "unknown key 'remoteAs' in the configuration");
}
