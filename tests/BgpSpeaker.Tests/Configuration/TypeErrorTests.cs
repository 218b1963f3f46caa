using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

/// <summary>Values of the wrong kind, reported at the value.</summary>
public class TypeErrorTests
{
    [Fact]
    public void RemoteAsMustBeANumberOrAKeyword()
    {
        var error = SingleError("""
            asn: 65010
            routerId: 10.0.0.10
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
              - address: 10.255.0.2
                remoteAs: extrnal
            """, 7, 15, "remoteAs must be a number, \"external\" or \"internal\", got 'extrnal'; did you mean 'external'?");

        Assert.Equal(
            "bgpspeaker.yaml:7:15: remoteAs must be a number, \"external\" or \"internal\", got 'extrnal'; did you mean 'external'?",
            error.ToString());
    }

    [Theory]
    [InlineData("asn: 0", 6, "asn must not be 0 (reserved, RFC 7607)")]
    [InlineData("asn: 23456", 6, "asn must not be 23456 (AS_TRANS, RFC 6793: a placeholder, never a real AS)")]
    [InlineData("asn: 4294967296", 6, "asn must be an AS number 1..4294967295, got '4294967296'")]
    [InlineData("asn: -1", 6, "asn must be an AS number 1..4294967295, got '-1'")]
    [InlineData("asn: 0x10", 6, "asn must be an AS number 1..4294967295, got '0x10'")]
    [InlineData("asn: 1.65536", 6, "asn must be an AS number 1..4294967295, got '1.65536'")]
    [InlineData("asn: [1]", 6, "asn must be a single value, got a list")]
    public void AsnErrors(string line, int column, string message) =>
        SingleError(line + "\nrouterId: 10.0.0.10\n", 1, column, message);

    [Theory]
    [InlineData("0.0.0.0", "routerId must not be 0.0.0.0 (RFC 6286: the BGP identifier is non-zero)")]
    [InlineData("10.1", "routerId must be an IPv4 address (a.b.c.d), got '10.1'")]
    [InlineData("167772161", "routerId must be an IPv4 address (a.b.c.d), got '167772161'")]
    [InlineData("010.0.0.1", "routerId must be an IPv4 address (a.b.c.d), got '010.0.0.1'")]
    [InlineData("10.0.0.256", "routerId must be an IPv4 address (a.b.c.d), got '10.0.0.256'")]
    [InlineData("2001:db8::1", "routerId must be an IPv4 address (a.b.c.d), got '2001:db8::1'")]
    public void RouterIdMustBeANonZeroDottedQuad(string value, string message) =>
        SingleError($"asn: 65010\nrouterId: {value}\n", 2, 11, message);

    [Theory]
    [InlineData("passive: yes", 14, "passive must be true or false, got 'yes'")]
    [InlineData("delayOpen: soon", 16, "delayOpen must be a number 0..240 seconds, got 'soon'")]
    [InlineData("delayOpen: 600", 16, "delayOpen must be 0..240 seconds, got 600")]
    [InlineData("connectRetry: 0", 19, "connectRetry must be 1..65535 seconds, got 0")]
    [InlineData("idleHold: 5", 15, "idleHold must be a mapping of keys to values, got a single value")]
    [InlineData("idleHold: [1, 60]", 15, "idleHold must be a mapping of keys to values, got a list")]
    [InlineData("idleHold: {initial: soon}", 25, "idleHold.initial must be a number 1..3600 seconds, got 'soon'")]
    [InlineData("idleHold: {initial: 1s}", 25, "idleHold.initial must be a number 1..3600 seconds, got '1s'")]
    [InlineData("idleHold: {max: 1.5}", 21, "idleHold.max must be a number 1..3600 seconds, got '1.5'")]
    [InlineData("idleHold: {max: [60]}", 21, "max must be a single value, got a list")]
    [InlineData("import: acept", 13, "unknown policy 'acept' in import; did you mean 'accept'? (presets: accept, reject, local-routes, host-routes, default-route; or a name under policies)")]
    [InlineData("families: ipv4-unicast", 15, "families must be a list, got a single value")]
    [InlineData("description: {a: 1}", 18, "description must be a single value, got a mapping")]
    [InlineData("maxPrefixes: 100", 18, "maxPrefixes must be a mapping of keys to values, got a single value")]
    public void NeighborSettingErrors(string setting, int column, string message) =>
        SingleError(Header + $"""
            neighbors:
              - address: 10.255.0.1
                remoteAs: 65001
                {setting}
            """, 6, column, message);

    [Theory]
    [InlineData("port: 0", 9, "port must be 1..65535, got 0")]
    [InlineData("port: http", 9, "port must be a number 1..65535, got 'http'")]
    [InlineData("addresses: [0.0.0.0, lo]", 24, "addresses must be an IPv4 or IPv6 address, got 'lo'")]
    [InlineData("addresses: [[::]]", 15, "each item of addresses must be a single value, got a list")]
    public void ListenErrors(string setting, int column, string message) =>
        SingleError(Header + $"listen:\n  {setting}\n", 4, column, message);

    [Fact]
    public void GlobalTimerErrorPointsAtTheValue() =>
        SingleError(Header + "timers: {connectRetry: 0}\n", 3, 24, "connectRetry must be 1..65535 seconds, got 0");
}
