using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using BgpSpeaker.Platform.Linux.Tests.Lab;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>
/// What the daemon's netlink monitor would tell the driver about an interface (index, MAC, link-local and
/// whether it is tentative), read here with <c>ip -j</c> so these tests do not depend on that monitor.
/// </summary>
internal sealed record LinkFacts(int Index, PhysicalAddress Mac, IPAddress? LinkLocal, bool Tentative)
{
    public static LinkFacts Read(TestNamespace ns, string device)
    {
        using var link = JsonDocument.Parse(ns.Ip($"-j link show dev {device}"));
        var linkInfo = link.RootElement[0];
        using var addresses = JsonDocument.Parse(ns.Ip($"-6 -j addr show dev {device} scope link"));
        IPAddress? linkLocal = null;
        bool tentative = false;
        foreach (var entry in addresses.RootElement.EnumerateArray())
        {
            foreach (var address in entry.GetProperty("addr_info").EnumerateArray())
            {
                linkLocal = IPAddress.Parse(address.GetProperty("local").GetString()!);
                tentative = address.TryGetProperty("tentative", out var flag) && flag.GetBoolean();
            }
        }
        return new LinkFacts(
            linkInfo.GetProperty("ifindex").GetInt32(),
            PhysicalAddress.Parse(linkInfo.GetProperty("address").GetString()!.Replace(':', '-')),
            linkLocal,
            tentative);
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the interface's facts.</summary>
    public static async Task<LinkFacts> WaitAsync(TestNamespace ns, string device, Func<LinkFacts, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var facts = Read(ns, device);
            if (condition(facts))
            {
                return facts;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{device} in {ns.Name}: {what} not within {timeout.TotalSeconds} s (last: {facts})");
            }
            await Task.Delay(20);
        }
    }
}

/// <summary>Two namespaces joined by a veth pair: <c>up1</c> in the node, <c>leaf1</c> in the leaf.</summary>
internal sealed class VethLab : IDisposable
{
    private readonly bool _nodeDad;
    private readonly bool _leafDad;

    public VethLab(bool nodeDad = false, bool leafDad = false)
    {
        (_nodeDad, _leafDad) = (nodeDad, leafDad);
        Node = new TestNamespace();
        Leaf = new TestNamespace();
        try
        {
            Node.Ip("link add up1 type veth peer name leaf1");
            Node.Ip($"link set leaf1 netns {Leaf.Name}");
            // Before the link comes up: the link-local is created (and DAD started) on link-up.
            Node.Exec("sysctl", "-qw", $"net.ipv6.conf.up1.accept_dad={(nodeDad ? 1 : 0)}");
            Leaf.Exec("sysctl", "-qw", $"net.ipv6.conf.leaf1.accept_dad={(leafDad ? 1 : 0)}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public TestNamespace Node { get; }

    public TestNamespace Leaf { get; }

    public void Up()
    {
        Node.Ip("link set up1 up");
        Leaf.Ip("link set leaf1 up");
    }

    /// <summary>
    /// The node's link facts once its link-local exists and, with DAD off, is usable: even then the kernel
    /// flags a new address tentative until its DAD work runs, a window a loaded machine makes visible.
    /// </summary>
    public Task<LinkFacts> NodeLinkAsync() => ReadyAsync(Node, "up1", _nodeDad);

    public Task<LinkFacts> LeafLinkAsync() => ReadyAsync(Leaf, "leaf1", _leafDad);

    private static Task<LinkFacts> ReadyAsync(TestNamespace ns, string device, bool dad) =>
        LinkFacts.WaitAsync(ns, device, f => f.LinkLocal is not null && (dad || !f.Tentative), TimeSpan.FromSeconds(5),
            dad ? "a link-local" : "a usable link-local");

    public void Dispose()
    {
        Leaf.Dispose();
        Node.Dispose();
    }
}
