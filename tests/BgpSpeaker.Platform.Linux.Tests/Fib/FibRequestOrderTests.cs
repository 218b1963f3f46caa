using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>Large batches go to the kernel scattered over the address space, never reordered for one prefix.</summary>
public sealed class FibRequestOrderTests
{
    private static FibRequests Requests() =>
        new(new FibOptions(), new FibCounters(new NetlinkBatchCounters()), _ => 0, 0, (_, _) => { });

    private static readonly NextHopSet Hop = new([FibNextHop.Ipv4(0x0A000001, 2)]);

    [Fact]
    public void ABigBatchIsScatteredAndKeepsEveryRequestAndEachPrefixsOrder()
    {
        var requests = Requests();
        for (uint i = 0; i < 5000; i++)
        {
            requests.AddInstall(Prefix.V4(0x0B000000u + (i << 8), 24), Hop);
        }
        var twice = Prefix.V4(0x0B000000u + (77u << 8), 24);
        requests.AddDelete(twice, 99); // a second write for one prefix (another metric): must stay after its install
        var before = requests.Planned.ToList();

        requests.ScatterForTheKernel();
        var after = requests.Planned.ToList();

        Assert.Equal(before.OrderBy(r => r.Prefix).ThenBy(r => r.Metric), after.OrderBy(r => r.Prefix).ThenBy(r => r.Metric));
        Assert.InRange(LongestAscendingRun(after.Select(r => r.Prefix).ToList()), 1, 20); // in address order it would be 5000
        var ofTwice = after.Where(r => r.Prefix == twice).Select(r => r.Operation).ToList();
        Assert.Equal([FibOperation.Install, FibOperation.Delete], ofTwice);
    }

    private static int LongestAscendingRun(List<Prefix> prefixes)
    {
        int longest = 1, run = 1;
        for (int i = 1; i < prefixes.Count; i++)
        {
            run = prefixes[i - 1].CompareTo(prefixes[i]) < 0 ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    [Fact]
    public void ASmallBatchKeepsItsOrder()
    {
        var requests = Requests();
        for (uint i = 0; i < FibRequests.ScatterThreshold - 1; i++)
        {
            requests.AddInstall(Prefix.V4(0x0B000000u + (i << 8), 24), Hop);
        }
        var before = requests.Planned.ToList();
        requests.ScatterForTheKernel();
        Assert.Equal(before, requests.Planned);
    }
}
