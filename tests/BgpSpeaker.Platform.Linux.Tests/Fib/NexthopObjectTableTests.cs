using BgpSpeaker.Platform.Linux.Fib;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Tests.Fib;

/// <summary>Reference counting, id allocation and adoption of nexthop objects, without a kernel.</summary>
public class NexthopObjectTableTests
{
    private const uint Base = 0xC9000000;
    private static readonly FibNextHop Leaf1 = FibNextHop.Ipv6(IpAddresses.ParseV6("fe80::1"), 3);
    private static readonly FibNextHop Leaf2 = FibNextHop.Ipv6(IpAddresses.ParseV6("fe80::2"), 5);

    [Fact]
    public void AnEcmpSetBecomesAGroupOfSharedNextHopObjects()
    {
        var table = new NexthopObjectTable(Base);
        var both = NextHopSet.From([Leaf1, Leaf2]);

        var group = table.Acquire(both);
        var again = table.Acquire(NextHopSet.From([Leaf2, Leaf1]));
        var single = table.Acquire(NextHopSet.From([Leaf1]));

        Assert.Same(group, again);
        Assert.True(group.IsGroup);
        Assert.Equal(2, group.References);
        Assert.Contains(single, group.Members);
        Assert.Equal(2, single.References); // one route, one group
        Assert.Equal(3, table.Count);
        Assert.All(table.All, o => Assert.True(table.OwnsId(o.Id)));
    }

    [Fact]
    public void CreationsListMembersBeforeTheirGroupAndOnlyOnce()
    {
        var table = new NexthopObjectTable(Base);
        var group = table.Acquire(NextHopSet.From([Leaf1, Leaf2]));
        var nexthops = new List<NexthopObject>();
        var groups = new List<NexthopObject>();

        NexthopObjectTable.PlanCreate(group, nexthops, groups);
        NexthopObjectTable.PlanCreate(group, nexthops, groups);

        Assert.Equal(2, nexthops.Count);
        Assert.Equal([group], groups);
    }

    [Fact]
    public void ReleasedObjectsAreCollectedGroupsFirstAndOnlyWhenUnused()
    {
        var table = new NexthopObjectTable(Base);
        var group = table.Acquire(NextHopSet.From([Leaf1, Leaf2]));
        var single = table.Acquire(NextHopSet.From([Leaf2]));
        foreach (var created in table.All)
        {
            created.InKernel = true;
        }

        NexthopObjectTable.Release(group);
        var deletions = new List<NexthopObject>();
        table.CollectGarbage(deletions);

        Assert.Equal(group, deletions[0]);
        Assert.Equal(2, deletions.Count); // the group and fe80::1; fe80::2 still has a route
        Assert.Equal(1, table.Count);
        Assert.Same(single, table.Find(NextHopSet.From([Leaf2])));
    }

    [Fact]
    public void IdsSkipThoseAPreviousRunStillHolds()
    {
        var table = new NexthopObjectTable(Base);
        table.Reserve([Base + 1, Base + 2]);
        Assert.Equal(Base + 3, table.Acquire(NextHopSet.From([Leaf1])).Id);
    }

    [Fact]
    public void APreviousRunsObjectsAreAdoptedByContent()
    {
        var table = new NexthopObjectTable(Base);
        var first = Kernel(Base + 7, Leaf1);
        var second = Kernel(Base + 8, Leaf2);
        var group = new KernelNexthop { Id = Base + 9, Protocol = 201 };
        group.GroupMembers.AddRange([Base + 7, Base + 8]);

        Assert.True(table.Adopt(first, table.FindById));
        Assert.True(table.Adopt(second, table.FindById));
        Assert.True(table.Adopt(group, table.FindById));
        Assert.False(table.Adopt(Kernel(Base + 10, Leaf1), table.FindById)); // same content twice: an orphan
        Assert.False(table.Adopt(Kernel(5, Leaf2), table.FindById)); // outside our range

        var adopted = table.Find(NextHopSet.From([Leaf1, Leaf2]))!;
        Assert.Equal(Base + 9, adopted.Id);
        Assert.True(adopted.InKernel);
        Assert.True(NexthopObjectTable.SameContent(adopted, group));
        Assert.False(NexthopObjectTable.SameContent(table.FindById(Base + 7)!, second));

        // Until a reconcile has counted the routes on them, adopted objects are never collected.
        var deletions = new List<NexthopObject>();
        table.CollectGarbage(deletions);
        Assert.Empty(deletions);
        table.Unpin();
        table.CollectGarbage(deletions);
        Assert.Equal(3, deletions.Count);
    }

    [Fact]
    public void OnlySetsWhoseNextHopsAllHaveAnInterfaceCanBeObjects()
    {
        Assert.True(NexthopObjectTable.CanRepresent(NextHopSet.From([Leaf1, Leaf2])));
        Assert.False(NexthopObjectTable.CanRepresent(NextHopSet.From([Leaf1, FibNextHop.Ipv4(IpAddresses.ParseV4("192.0.2.1"))])));
    }

    private static KernelNexthop Kernel(uint id, FibNextHop hop) => new()
    {
        Id = id,
        Protocol = 201,
        Family = hop.GatewayIsIpv6 ? LinuxAddressFamily.Inet6 : LinuxAddressFamily.Inet,
        Gateway = hop.Gateway,
        InterfaceIndex = hop.InterfaceIndex,
    };
}
