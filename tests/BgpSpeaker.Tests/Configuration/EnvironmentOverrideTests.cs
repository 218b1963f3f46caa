using System.Net;
using BgpSpeaker.Configuration;
using static BgpSpeaker.Tests.Configuration.ConfigAssert;

namespace BgpSpeaker.Tests.Configuration;

public class EnvironmentOverrideTests
{
    private const string File = "asn: 65010\nrouterId: 10.0.0.10\nhostname: from-file\nlisten: {port: 179}\n";

    [Fact]
    public void VariablesOverrideTheFile()
    {
        var config = Valid(File, new Dictionary<string, string>
        {
            [EnvironmentOverrides.Asn] = "4200000011",
            [EnvironmentOverrides.RouterId] = "10.0.0.11",
            [EnvironmentOverrides.Hostname] = "node-11",
            [EnvironmentOverrides.ListenPort] = "1179",
        });

        Assert.Equal(4200000011u, config.Asn);
        Assert.Equal(IPAddress.Parse("10.0.0.11"), config.RouterId);
        Assert.Equal("node-11", config.Hostname);
        Assert.Equal(1179, config.Listen.Port);
    }

    [Fact]
    public void VariablesSupplyRequiredSettingsTheFileLeavesOut()
    {
        var config = Valid("neighbors: [{address: 10.255.0.1, remoteAs: external}]\n", new Dictionary<string, string>
        {
            ["BGPSPEAKER_ASN"] = "65011",
            ["BGPSPEAKER_ROUTERID"] = "10.0.0.11",
        });

        Assert.Equal((65011u, IPAddress.Parse("10.0.0.11")), (config.Asn, config.RouterId));
    }

    [Fact]
    public void ListenPortOverrideKeepsTheFileAddresses()
    {
        var config = Valid(Header + "listen: {addresses: ['::']}\n", new Dictionary<string, string> { ["BGPSPEAKER_LISTEN_PORT"] = "1790" });

        Assert.Equal(new ListenConfig { Port = 1790, Addresses = [IPAddress.IPv6Any] }, config.Listen);
    }

    [Fact]
    public void InvalidValuesNameTheVariable()
    {
        var errors = Errors(File, new Dictionary<string, string>
        {
            ["BGPSPEAKER_ASN"] = "65O10",
            ["BGPSPEAKER_ROUTERID"] = "0.0.0.0",
            ["BGPSPEAKER_HOSTNAME"] = "",
            ["BGPSPEAKER_LISTEN_PORT"] = "70000",
        });

        Assert.Equal(
            ["environment: BGPSPEAKER_ASN must be an AS number 1..4294967295, got '65O10'",
             "environment: BGPSPEAKER_ROUTERID must not be 0.0.0.0 (RFC 6286: the BGP identifier is non-zero)",
             "environment: BGPSPEAKER_HOSTNAME must be 1..255 printable ASCII characters without spaces, got ''",
             "environment: BGPSPEAKER_LISTEN_PORT must be 1..65535, got 70000"],
            errors.Select(e => e.ToString()));
        Assert.All(errors, e => Assert.Equal((0, 0, ConfigError.EnvironmentSource), (e.Line, e.Column, e.File)));
    }

    [Fact]
    public void NetworksVariableAddsPlainNetworksAfterTheFile()
    {
        var config = Valid(File + "networks: [{prefix: 192.0.2.10/32, med: 5}]\n",
            new Dictionary<string, string> { [EnvironmentOverrides.Networks] = "10.0.0.11/32,\r\n2001:db8::11/128" });

        Assert.Equal(["192.0.2.10/32", "10.0.0.11/32", "2001:db8::11/128"], config.Networks.Select(n => n.Prefix.ToString()));
        Assert.All(config.Networks.Skip(1), n => Assert.Equal(new NetworkConfig { Prefix = n.Prefix }, n));
    }

    [Fact]
    public void EmptyNetworksVariableAddsNothing() =>
        Assert.Empty(Valid(File, new Dictionary<string, string> { [EnvironmentOverrides.Networks] = " " }).Networks);

    [Fact]
    public void NetworksVariableErrorsNameTheVariableAndTheItem() =>
        Assert.Equal(
            ["environment: BGPSPEAKER_NETWORKS must be address/length (e.g. 10.0.0.10/32 or 2001:db8::/64), got '10.0.0.11'",
             "environment: BGPSPEAKER_NETWORKS: 10.0.0.1/24 has host bits set; did you mean 10.0.0.0/24?",
             "environment: BGPSPEAKER_NETWORKS: network 192.0.2.10/32 is already defined in the file at line 5",
             "environment: BGPSPEAKER_NETWORKS names 10.0.0.12/32 twice"],
            Errors(File + "networks: [{prefix: 192.0.2.10/32}]\n", new Dictionary<string, string>
            {
                [EnvironmentOverrides.Networks] = "10.0.0.11 10.0.0.1/24,192.0.2.10/32,10.0.0.12/32,10.0.0.12/32",
            }).Select(e => e.ToString()));

    [Fact]
    public void MisspeltVariableIsReported() =>
        Assert.Equal(
            "environment: BGPSPEAKER_ROUTER_ID is not a setting; did you mean BGPSPEAKER_ROUTERID?",
            Assert.Single(Errors(File, new Dictionary<string, string> { ["BGPSPEAKER_ROUTER_ID"] = "10.0.0.11" })).ToString());

    [Fact]
    public void UnrelatedVariablesAreIgnored() =>
        Valid(File, new Dictionary<string, string>
        {
            ["BGPSPEAKER_CONFIG"] = "/etc/bgpspeaker/bgpspeaker.yaml",
            ["HOSTNAME"] = "not used",
            ["ASN"] = "not used",
        });

    [Fact]
    public void EnvironmentErrorsComeBeforeFileErrors()
    {
        var errors = Errors("asn: 65010\nrouterId: 10.0.0.10\nhostname: 'a b'\n", new Dictionary<string, string> { ["BGPSPEAKER_ASN"] = "x" });

        Assert.Equal([ConfigError.EnvironmentSource, ConfigAssert.File], errors.Select(e => e.File));
    }

    [Fact]
    public void ProcessEnvironmentSnapshotIsReadable() =>
        Assert.Contains("PATH", ConfigLoader.ProcessEnvironment().Keys);
}
