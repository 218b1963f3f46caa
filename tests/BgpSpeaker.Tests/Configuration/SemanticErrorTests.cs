using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary>Well-formed values that make no sense together or for BGP.</summary>
public class SemanticErrorTests
{
    [Theory]
    [InlineData("holdTime: 1", 6, 15, "holdTime must be 0 or 3..65535 seconds, got '1'")]
    [InlineData("holdTime: 2", 6, 15, "holdTime must be 0 or 3..65535 seconds, got '2'")]
    [InlineData("holdTime: 65536", 6, 15, "holdTime must be 0 or 3..65535 seconds, got '65536'")]
    [InlineData("keepalive: 90", 6, 16, "keepalive 90 must be less than holdTime 90 (inherited) (usually a third of it)")]
    [InlineData("keepalive: 0", 6, 16, "keepalive must be at least 1 second with holdTime 90 (inherited)")]
    [InlineData("holdTime: 9\n    keepalive: 10", 7, 16, "keepalive 10 must be less than holdTime 9 (usually a third of it)")]
    [InlineData("holdTime: 0\n    keepalive: 3", 7, 16, "keepalive must be 0 or left out when holdTime 0: no KEEPALIVEs are sent")]
    public void NeighborTimerErrors(string settings, int line, int column, string message) =>
        SingleError(Header + $"""
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
                {settings}
            """, line, column, message);

    [Theory]
    [InlineData("idleHold: {initial: 0}", 25, "idleHold.initial must be 1..3600 seconds, got 0")]
    [InlineData("idleHold: {initial: -1}", 25, "idleHold.initial must be a number 1..3600 seconds, got '-1'")]
    [InlineData("idleHold: {max: 0}", 21, "idleHold.max must be 1..3600 seconds, got 0")]
    [InlineData("idleHold: {max: 3601}", 21, "idleHold.max must be 1..3600 seconds, got 3601")]
    [InlineData("idleHold: {initial: 86400}", 25, "idleHold.initial must be 1..3600 seconds, got 86400")]
    [InlineData("idleHold: {initial: 30, max: 10}", 25, "idleHold.initial 30 must not be more than idleHold.max 10")]
    [InlineData("idleHold: {initial: 120}", 25, "idleHold.initial 120 must not be more than idleHold.max 60 (inherited)")]
    public void NeighborIdleHoldErrors(string setting, int column, string message) =>
        SingleError(Header + $"""
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
                {setting}
            """, 6, column, message);

    [Fact]
    public void NeighborIdleHoldMaxBelowTheInheritedInitialIsReportedAtTheMax() =>
        SingleError(Header + """
            timers: {idleHold: {initial: 30, max: 300}}
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
                idleHold: {max: 10}
            """, 7, 21, "idleHold.max 10 must not be less than idleHold.initial 30 (inherited)");

    [Fact]
    public void GlobalIdleHoldInitialMustNotExceedItsMax() =>
        SingleError(Header + "timers:\n  idleHold:\n    initial: 90\n", 5, 14,
            "idleHold.initial 90 must not be more than idleHold.max 60 (inherited)");

    [Fact]
    public void AnInvalidGlobalIdleHoldIsReportedOnceNotAgainForEachNeighbor() =>
        SingleError(Header + """
            timers: {idleHold: {initial: 90, max: 30}}
            neighbors:
              - {address: 10.255.0.1, remoteAs: 65001}
              - {address: 10.255.1.1, remoteAs: 65002}
            """, 3, 30, "idleHold.initial 90 must not be more than idleHold.max 30");

    [Fact]
    public void GlobalKeepaliveMustBeBelowGlobalHoldTime() =>
        SingleError(Header + "timers:\n  holdTime: 30\n  keepalive: 30\n", 5, 14,
            "keepalive 30 must be less than holdTime 30 (usually a third of it)");

    [Fact]
    public void DuplicateNeighborIsReportedAtTheSecondOne() =>
        SingleError(Header + """
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
              - address: 10.255.0.1
                remoteAs: 65002
            """, 6, 14, "neighbor 10.255.0.1 is already defined at line 4");

    [Fact]
    public void SameLinkLocalAddressOnTwoLinksIsTwoNeighbors()
    {
        var config = Valid(Header + "neighbors:\n  - {address: fe80::1%eth0, remoteAs: 1}\n  - {address: fe80::1%eth1, remoteAs: 1}\n");

        Assert.Equal(["fe80::1%eth0", "fe80::1%eth1"], config.Neighbors.Select(n => n.Key));
    }

    [Fact]
    public void DuplicateLinkLocalNeighborSpelledTwoWays() =>
        SingleError(Header + "neighbors:\n  - {address: fe80::1%eth0, remoteAs: 1}\n  - {address: fe80::1, interface: eth0, remoteAs: 1}\n",
            5, 15, "neighbor fe80::1%eth0 is already defined at line 4");

    [Theory]
    [InlineData("address: fe80::1", 15, "link-local address fe80::1 needs an interface: add 'interface: <name>' or write fe80::1%<name>")]
    [InlineData("address: fe80::1%eth0, interface: eth1", 15, "address scope '%eth0' and interface 'eth1' disagree")]
    [InlineData("address: 10.0.0.1%eth0", 15, "a %interface scope is only valid on an IPv6 link-local (fe80::/10) address, got '10.0.0.1%eth0'")]
    [InlineData("address: fe80::1%", 15, "address scope must be a Linux interface name (1..15 characters, no '/', ':', '%' or spaces), got ''")]
    [InlineData("address: fe80::1, interface: a-very-long-ifname", 35, "interface must be a Linux interface name (1..15 characters, no '/', ':', '%' or spaces), got 'a-very-long-ifname'")]
    [InlineData("address: 10.255.0", 15, "address must be an IPv4 or IPv6 address, got '10.255.0'")]
    [InlineData("address: 224.0.0.5", 15, "address 224.0.0.5 cannot be a BGP peer (unspecified, broadcast or multicast)")]
    [InlineData("address: '::'", 15, "address :: cannot be a BGP peer (unspecified, broadcast or multicast)")]
    public void NeighborAddressErrors(string address, int column, string message) =>
        SingleError(Header + $"neighbors:\n  - {{{address}, remoteAs: 65001}}\n", 4, column, message);

    [Theory]
    [InlineData("[ipv4-unicst]", 16, "unknown address family 'ipv4-unicst'; did you mean 'ipv4-unicast'? (known: ipv4-unicast, ipv6-unicast)")]
    [InlineData("[l2vpn-evpn]", 16, "unknown address family 'l2vpn-evpn' (known: ipv4-unicast, ipv6-unicast)")]
    [InlineData("[ipv4-unicast, ipv4-unicast]", 30, "address family 'ipv4-unicast' is listed twice")]
    [InlineData("[]", 15, "families must list at least one address family (ipv4-unicast, ipv6-unicast)")]
    public void FamilyErrors(string families, int column, string message) =>
        SingleError(Header + $"neighbors:\n  - address: 10.255.0.1\n    remoteAs: 1\n    families: {families}\n", 6, column, message);

    [Fact]
    public void PasswordLongerThanTheKernelAllowsIsRejected()
    {
        SingleError(Header + $"neighbors:\n  - {{address: 10.255.0.1, remoteAs: 1, password: {new string('x', 81)}}}\n", 4, 50,
            "password is 81 bytes; a TCP-MD5 key is at most 80 bytes");
        Valid(Header + $"neighbors:\n  - {{address: 10.255.0.1, remoteAs: 1, password: {new string('x', 80)}}}\n");
    }

    [Fact]
    public void PasswordLengthCountsUtf8Bytes() =>
        SingleError(Header + $"neighbors:\n  - {{address: 10.255.0.1, remoteAs: 1, password: {new string('é', 41)}}}\n", 4, 50,
            "password is 82 bytes; a TCP-MD5 key is at most 80 bytes");

    [Fact]
    public void ShutdownMessageIsLimitedTo255Bytes() =>
        SingleError(Header + $"neighbors:\n  - {{address: 10.255.0.1, remoteAs: 1, shutdownMessage: {new string('m', 256)}}}\n", 4, 57,
            "shutdownMessage is 256 bytes of UTF-8; RFC 9003 allows at most 255");

    [Theory]
    [InlineData("10.0.0.1/24", "10.0.0.1/24 has host bits set; did you mean 10.0.0.0/24?")]
    [InlineData("2001:db8::1/64", "2001:db8::1/64 has host bits set; did you mean 2001:db8::/64?")]
    [InlineData("10.0.0.0/33", "prefix length must be 0..32 for IPv4, got '10.0.0.0/33'")]
    [InlineData("10.0.0.0", "prefix must be address/length (e.g. 10.0.0.10/32 or 2001:db8::/64), got '10.0.0.0'")]
    [InlineData("10.0.0/24", "prefix must be address/length (e.g. 10.0.0.10/32 or 2001:db8::/64), got '10.0.0/24'")]
    public void PrefixErrors(string prefix, string message) =>
        SingleError(Header + $"networks:\n  - prefix: {prefix}\n", 4, 13, message);

    [Theory]
    [InlineData("communities: ['65536:1']", "communities must be asn:value (each 0..65535) or one of no-export, no-advertise, no-export-subconfed, graceful-shutdown, got '65536:1'")]
    [InlineData("largeCommunities: ['1:2']", "largeCommunities must be global:local1:local2 (each 0..4294967295), got '1:2'")]
    [InlineData("med: -5", "med must be a number 0..4294967295, got '-5'")]
    public void NetworkAttributeErrors(string setting, string message)
    {
        var error = Assert.Single(Errors(Header + $"networks:\n  - prefix: 10.0.0.10/32\n    {setting}\n"));

        Assert.Equal((5, message), (error.Line, error.Message));
    }

    [Fact]
    public void DuplicateNetworkIsReportedAtTheSecondOne() =>
        SingleError(Header + "networks:\n  - prefix: 10.0.0.10/32\n  - prefix: 10.0.0.10/32\n", 5, 13,
            "network 10.0.0.10/32 is already defined at line 4");

    [Theory]
    [InlineData("neighbors:\n  - remoteAs: 1\n", 4, 5, "neighbor is missing 'address' (peering by interface alone is not supported yet)")]
    [InlineData("neighbors:\n  - address: 10.255.0.1\n", 4, 5, "neighbor is missing 'remoteAs' (a number, \"external\" or \"internal\")")]
    [InlineData("networks:\n  - med: 5\n", 4, 5, "network is missing 'prefix' (e.g. 10.0.0.10/32)")]
    [InlineData("neighbors:\n  - {address: 10.255.0.1, remoteAs: 1, maxPrefixes: {warningPercent: 50}}\n", 4, 53, "maxPrefixes is missing 'limit' (the number of prefixes that closes the session)")]
    public void MissingRequiredSettings(string yaml, int line, int column, string message) =>
        SingleError(Header + yaml, line, column, message);

    [Fact]
    public void MissingAsnAndRouterIdAreBothReported()
    {
        var errors = Errors("hostname: node-1\n");

        Assert.Equal(
            ["the configuration is missing 'asn' (an AS number; or set BGPSPEAKER_ASN)",
             "the configuration is missing 'routerId' (an IPv4 address; or set BGPSPEAKER_ROUTERID)"],
            errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal((1, 1), (e.Line, e.Column)));
    }

    [Fact]
    public void PassiveNeighborNeedsAListener() =>
        SingleError(Header + "listen: {addresses: []}\nneighbors:\n  - {address: 10.255.0.1, remoteAs: 1, passive: true}\n", 5, 15,
            "neighbor 10.255.0.1 is passive but listen.addresses is empty: it could never connect");

    [Fact]
    public void EveryErrorIsReportedInFileOrder()
    {
        var errors = Errors("""
            asn: 0
            routerId: 10.0.0.10
            timers: {holdTime: 2}
            neighbors:
              - address: fe80::1
                remoteAs: extrnal
                passive: maybe
                hold: 9
              - address: 10.255.0.1
                remoteAs: 65001
            networks:
              - prefix: 10.0.0.10/24
            """);

        Assert.Equal(
            [(1, 6), (3, 20), (5, 14), (6, 15), (7, 14), (8, 5), (12, 13)],
            errors.Select(e => (e.Line, e.Column)));
    }
}
