using BgpSpeaker.Platform.Linux.Netlink;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>
/// Creating (RTM_NEWNEXTHOP, NLM_F_CREATE|NLM_F_REPLACE, so a group whose members the kernel dropped is
/// restored in place) or deleting (RTM_DELNEXTHOP; ENOENT means already gone) nexthop objects, recording
/// each outcome on the object.
/// </summary>
internal sealed class NexthopObjectRequests(bool create, IReadOnlyList<NexthopObject> objects, FibOptions options, FibCounters counters)
    : INetlinkRequestSource
{
    public int Count => objects.Count;

    public void Encode(int index, NetlinkWriter writer, uint sequence)
    {
        var target = objects[index];
        if (!create)
        {
            NexthopMessage.WriteDelete(writer, sequence, target.Id);
        }
        else if (target.IsGroup)
        {
            Span<uint> members = stackalloc uint[target.Members.Length];
            for (int i = 0; i < members.Length; i++)
            {
                members[i] = target.Members[i].Id;
            }
            NexthopMessage.WriteGroup(writer, sequence, NetlinkFlags.Create | NetlinkFlags.Replace, target.Id, options.Protocol, members);
        }
        else
        {
            var hop = target.Set.Members[0];
            NexthopMessage.WriteNexthop(writer, sequence, NetlinkFlags.Create | NetlinkFlags.Replace, target.Id, options.Protocol,
                hop.GatewayIsIpv6 ? LinuxAddressFamily.Inet6 : LinuxAddressFamily.Inet, hop.Gateway, hop.InterfaceIndex);
        }
    }

    public void Complete(int index, NetlinkError? failure)
    {
        var target = objects[index];
        if (create)
        {
            target.CreatePlanned = false;
            target.InKernel = failure is null;
            target.LastError = failure;
        }
        else
        {
            failure = failure?.Errno == Errno.ENOENT ? null : failure;
            target.Deleted = failure is null;
        }
        if (failure is not null)
        {
            // Counted apart: the routes that needed the object fail with its error and are counted by errno.
            Interlocked.Increment(ref counters._objectFailures);
        }
        else
        {
            Interlocked.Increment(ref create ? ref counters._objectsCreated : ref counters._objectsDeleted);
        }
    }
}
