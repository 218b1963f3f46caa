using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.FibBench;

/// <summary>One way of putting N IPv4 /32s (100.64.0.0 upwards) into the kernel via fe80::1%up1 and fe80::2%up2, and taking them out.</summary>
internal interface IScenario : IDisposable
{
    string Name { get; }

    /// <summary>Installs <paramref name="count"/> routes; returns the failures.</summary>
    int Install(int count);

    /// <summary>Deletes them all; returns the failures.</summary>
    int Delete();
}

internal static class Workload
{
    public const uint FirstAddress = 0x64400000; // 100.64.0.0
    public static readonly UInt128 Leaf1 = IpAddresses.ParseV6("fe80::1");
    public static readonly UInt128 Leaf2 = IpAddresses.ParseV6("fe80::2");
    public static readonly uint NodeAddress = IpAddresses.ParseV4("10.0.0.11");
}

/// <summary>
/// The FIB writer as the daemon uses it, both next hops per route: as a shared nexthop group (objects) or
/// inline in RTA_MULTIPATH. Removal is the routing core withdrawing every prefix (Apply with removals).
/// </summary>
internal sealed class WriterScenario(BenchNamespace node, FibNextHopMode mode, AckMode ackMode) : IScenario
{
    private readonly FibWriter _fib = node.Enter(() => FibWriter.Open(new FibOptions(
        PreferredSourceIpv4: Workload.NodeAddress, Batch: new NetlinkBatchOptions(AckMode: ackMode), NextHopMode: mode)));
    private FibChange[] _installs = [];

    public string Name => mode == FibNextHopMode.Objects
        ? "FibWriter, nexthop objects"
        : ackMode == AckMode.LastInBatch ? "FibWriter, inline RTA_MULTIPATH" : "FibWriter, inline, ACK per route";

    public FibWriter Writer => _fib;

    public int Install(int count)
    {
        FibNextHop[] hops = [FibNextHop.Ipv6(Workload.Leaf1, node.Up1), FibNextHop.Ipv6(Workload.Leaf2, node.Up2)];
        _installs = new FibChange[count];
        for (int i = 0; i < count; i++)
        {
            _installs[i] = FibChange.Install(Prefix.V4(Workload.FirstAddress + (uint)i, 32), hops);
        }
        return Timed.Run(() => _fib.Apply(_installs).Failed);
    }

    public int Delete()
    {
        var removals = Array.ConvertAll(_installs, c => FibChange.Remove(c.Prefix));
        return Timed.Run(() => _fib.Apply(removals).Failed);
    }

    public void Dispose() => _fib.Dispose();
}
