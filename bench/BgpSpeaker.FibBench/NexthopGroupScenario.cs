using BgpSpeaker.Platform.Linux.Netlink;

namespace BgpSpeaker.FibBench;

/// <summary>
/// Kernel nexthop objects: next hops 1 (fe80::1%up1) and 2 (fe80::2%up2), group 100 = {1, 2}, and every
/// route pointing at the group with RTA_NH_ID. Deleting is measured per route, or — <paramref name="byGroup"/> —
/// by deleting the group, which makes the kernel flush every route that uses it.
/// </summary>
internal sealed class NexthopGroupScenario(BenchNamespace node, bool byGroup) : IScenario
{
    private const uint GroupId = 100;
    private const byte Protocol = 201;
    private readonly NetlinkSocket _socket = node.Enter(() => NetlinkSocket.Open());
    private NetlinkBatcher? _batcher;
    private int _count;

    public string Name => byGroup ? "raw batcher, group, delete the group" : "raw batcher, group, delete per route";

    private NetlinkBatcher Batcher => _batcher ??= new NetlinkBatcher(_socket);

    public int Install(int count)
    {
        _count = count;
        var objects = new Requests(3, (index, writer, sequence) =>
        {
            var flags = NetlinkFlags.Create | NetlinkFlags.Replace;
            if (index < 2)
            {
                NexthopMessage.WriteNexthop(writer, sequence, flags, (uint)index + 1, Protocol, LinuxAddressFamily.Inet6,
                    index == 0 ? Workload.Leaf1 : Workload.Leaf2, index == 0 ? node.Up1 : node.Up2);
            }
            else
            {
                NexthopMessage.WriteGroup(writer, sequence, flags, GroupId, Protocol, [1, 2]);
            }
        });
        Batcher.Execute(objects);
        if (objects.Failures > 0)
        {
            throw new InvalidOperationException($"creating the nexthop objects failed: {objects.FirstFailure}");
        }
        var route = new KernelRoute { Family = LinuxAddressFamily.Inet, PrefixLength = 32, Protocol = Protocol, Priority = 20, PreferredSource = Workload.NodeAddress, NexthopId = GroupId };
        var routes = new Requests(count, (index, writer, sequence) =>
        {
            route.Destination = Workload.FirstAddress + (uint)index;
            RouteMessage.WriteNew(writer, sequence, NetlinkFlags.Create | NetlinkFlags.Replace, route);
        });
        return Timed.Run(() =>
        {
            Batcher.Execute(routes);
            return routes.Failures;
        });
    }

    public int Delete()
    {
        if (byGroup)
        {
            var group = new Requests(1, (_, writer, sequence) => NexthopMessage.WriteDelete(writer, sequence, GroupId));
            int failures = Timed.Run(() =>
            {
                Batcher.Execute(group);
                return group.Failures;
            });
            DeleteObjects(1, 2);
            return failures;
        }
        var route = new KernelRoute { Family = LinuxAddressFamily.Inet, PrefixLength = 32, Protocol = Protocol, Priority = 20 };
        var routes = new Requests(_count, (index, writer, sequence) =>
        {
            route.Destination = Workload.FirstAddress + (uint)index;
            RouteMessage.WriteDelete(writer, sequence, route);
        });
        int routeFailures = Timed.Run(() =>
        {
            Batcher.Execute(routes);
            return routes.Failures;
        });
        DeleteObjects(GroupId, 1, 2);
        return routeFailures;
    }

    public void Dispose() => _socket.Dispose();

    private void DeleteObjects(params uint[] ids) =>
        Batcher.Execute(new Requests(ids.Length, (index, writer, sequence) => NexthopMessage.WriteDelete(writer, sequence, ids[index])));

    private sealed class Requests(int count, Action<int, NetlinkWriter, uint> encode) : INetlinkRequestSource
    {
        public int Count => count;
        public int Failures { get; private set; }
        public NetlinkError? FirstFailure { get; private set; }

        public void Encode(int index, NetlinkWriter writer, uint sequence) => encode(index, writer, sequence);

        public void Complete(int index, NetlinkError? failure)
        {
            if (failure is not null)
            {
                Failures++;
                FirstFailure ??= failure;
            }
        }
    }
}
