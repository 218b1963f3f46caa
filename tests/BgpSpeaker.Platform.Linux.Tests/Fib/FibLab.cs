using System.Text.Json;
using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Tests.Lab;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>
/// A node with two uplinks carrying only IPv6 link-locals (veth pairs up1/leaf1 and up2/leaf2, DAD off)
/// and its /32 on lo. Routes are checked with iproute2's JSON output, independently of our decoder.
/// </summary>
internal sealed class FibLab : IDisposable
{
    public const string NodeAddress = "10.0.0.11";
    public static readonly UInt128 Leaf1 = IpAddresses.ParseV6("fe80::1");
    public static readonly UInt128 Leaf2 = IpAddresses.ParseV6("fe80::2");

    public FibLab()
    {
        Ns.Ip("link add up1 type veth peer name leaf1");
        Ns.Ip("link add up2 type veth peer name leaf2");
        foreach (var name in new[] { "up1", "leaf1", "up2", "leaf2" })
        {
            Ns.Exec("sysctl", "-qw", $"net.ipv6.conf.{name}.accept_dad=0");
            Ns.Ip($"link set {name} up");
        }
        Ns.Ip($"address add {NodeAddress}/32 dev lo");
        using var links = JsonDocument.Parse(Ns.Ip("-j link show"));
        var indexes = links.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!, l => l.GetProperty("ifindex").GetInt32());
        Up1 = indexes["up1"];
        Up2 = indexes["up2"];
    }

    public TestNamespace Ns { get; } = new();
    public int Up1 { get; }
    public int Up2 { get; }

    public FibNextHop ViaLeaf1 => FibNextHop.Ipv6(Leaf1, Up1);
    public FibNextHop ViaLeaf2 => FibNextHop.Ipv6(Leaf2, Up2);

    public static FibOptions Options { get; } = new(PreferredSourceIpv4: IpAddresses.ParseV4(NodeAddress));

    /// <summary>Both ways of writing next hops: every writer test runs in each.</summary>
    public static TheoryData<FibNextHopMode> Modes { get; } = new(FibNextHopMode.Objects, FibNextHopMode.Inline);

    /// <summary>A writer in <paramref name="mode"/>; the lab's preferred source unless <paramref name="options"/> say otherwise.</summary>
    public FibWriter OpenWriter(FibNextHopMode mode, FibOptions? options = null)
    {
        var writer = Ns.Enter(() => FibWriter.Open((options ?? Options) with { NextHopMode = mode }));
        Assert.Equal(mode == FibNextHopMode.Objects, writer.UsesNexthopObjects);
        return writer;
    }

    /// <summary>
    /// Our routes as iproute2 shows them, one line each, next hops sorted:
    /// "10.1.0.1/32 src 10.0.0.11 via inet6 fe80::1 dev up1; via inet6 fe80::2 dev up2".
    /// </summary>
    public List<string> Routes(bool ipv6 = false, string selector = "proto 201")
    {
        using var json = JsonDocument.Parse(Ns.Ip($"{(ipv6 ? "-6" : "-4")} -j route show {selector}"));
        return json.RootElement.EnumerateArray().Select(r => Describe(r, ipv6)).Order(StringComparer.Ordinal).ToList();
    }

    public int RouteCount(bool ipv6 = false)
    {
        using var json = JsonDocument.Parse(Ns.Ip($"{(ipv6 ? "-6" : "-4")} -j route show proto 201"));
        return json.RootElement.GetArrayLength();
    }

    public void Dispose() => Ns.Dispose();

    private static string Describe(JsonElement route, bool ipv6)
    {
        var destination = route.GetProperty("dst").GetString()!;
        destination = destination == "default" ? (ipv6 ? "::/0" : "0.0.0.0/0") : destination.Contains('/', StringComparison.Ordinal) ? destination : $"{destination}/{(ipv6 ? 128 : 32)}";
        var source = route.TryGetProperty("prefsrc", out var prefsrc) ? $" src {prefsrc.GetString()}" : "";
        var hops = route.TryGetProperty("nexthops", out var list) ? list.EnumerateArray().Select(NextHop) : [NextHop(route)];
        return $"{destination}{source} {string.Join("; ", hops.Order(StringComparer.Ordinal))}";
    }

    private static string NextHop(JsonElement hop)
    {
        var device = hop.TryGetProperty("dev", out var dev) ? $" dev {dev.GetString()}" : "";
        if (hop.TryGetProperty("via", out var via))
        {
            return $"via {via.GetProperty("family").GetString()} {via.GetProperty("host").GetString()}{device}";
        }
        return hop.TryGetProperty("gateway", out var gateway) ? $"via {gateway.GetString()}{device}" : $"direct{device}";
    }
}
