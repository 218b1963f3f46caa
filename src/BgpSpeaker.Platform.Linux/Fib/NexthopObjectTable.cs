using BgpSpeaker.Platform.Linux.Netlink;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>One kernel nexthop object we manage: a single next hop, or a group of them for an ECMP set.</summary>
internal sealed class NexthopObject(uint id, NextHopSet set, NexthopObject[] members)
{
    public uint Id { get; } = id;

    /// <summary>The next hops routes pointing here use (one member for a single next hop).</summary>
    public NextHopSet Set { get; } = set;

    /// <summary>For a group, its member objects; empty for a single next hop.</summary>
    public NexthopObject[] Members { get; } = members;

    public bool IsGroup => Members.Length > 0;

    /// <summary>Routes (desired or adopted) pointing here, plus groups containing this next hop.</summary>
    public int References { get; set; }

    /// <summary>Whether the kernel holds it as we describe it (false until created, or after the kernel flushed it).</summary>
    public bool InKernel { get; set; }

    public bool CreatePlanned { get; set; }

    /// <summary>Adopted, and not yet collectable: until a reconcile has seen which routes use it.</summary>
    public bool Pinned { get; set; }

    /// <summary>Why the last attempt to create it failed (e.g. ENETDOWN: its link has no carrier).</summary>
    public NetlinkError? LastError { get; set; }

    /// <summary>Set once a delete succeeded: the kernel has also removed every route that used it.</summary>
    public bool Deleted { get; set; }
}

/// <summary>
/// Which kernel nexthop objects stand for which next-hop sets. A set of one next hop is a nexthop
/// object; a larger set is a group whose members are those objects. Objects are shared by every route
/// with the same set and counted; unreferenced ones are collected (groups first, so their members are
/// released too). Ids come from our own range so they never meet another daemon's. Pure bookkeeping.
/// </summary>
internal sealed class NexthopObjectTable
{
    private const uint RangeSize = 0x00FF_FFFF;
    private readonly uint _firstId;
    private readonly Dictionary<FibNextHop, NexthopObject> _nexthops = [];
    private readonly Dictionary<NextHopSet, NexthopObject> _groups = [];
    private readonly Dictionary<uint, NexthopObject> _byId = [];
    private readonly HashSet<uint> _reserved = [];
    private uint _lastAllocated;

    /// <summary>Ids are allocated above <paramref name="firstId"/>, within a range of 16 million.</summary>
    public NexthopObjectTable(uint firstId)
    {
        _firstId = firstId;
        _lastAllocated = firstId;
    }

    public int Count => _byId.Count;

    /// <summary>
    /// Ids the kernel already holds for our protocol (a previous run's): never handed out for something
    /// else, so a write before the first reconcile cannot redirect that run's routes.
    /// </summary>
    public void Reserve(IEnumerable<uint> ids) => _reserved.UnionWith(ids);

    public bool OwnsId(uint id) => id > _firstId && id <= _firstId + RangeSize;

    /// <summary>The kernel insists on a device for every nexthop object; sets with a gateway-only hop stay inline.</summary>
    public static bool CanRepresent(NextHopSet set) => set.CanBeObject;

    public NexthopObject? Find(NextHopSet set) =>
        set.Members.Length == 1 ? _nexthops.GetValueOrDefault(set.Members[0]) : _groups.GetValueOrDefault(set);

    public NexthopObject? FindById(uint id) => _byId.GetValueOrDefault(id);

    public IEnumerable<NexthopObject> All => _byId.Values;

    /// <summary>The object for <paramref name="set"/> (made if new, not yet in the kernel) with one more reference.</summary>
    public NexthopObject Acquire(NextHopSet set)
    {
        var target = set.Members.Length == 1 ? NexthopFor(set.Members[0], set) : GroupFor(set);
        target.References++;
        return target;
    }

    /// <summary>Drops a reference; the object goes at the next <see cref="CollectGarbage"/> if it was the last.</summary>
    public static void Release(NexthopObject target, int count = 1) => target.References -= count;

    /// <summary>Adds <paramref name="target"/> (and, for a group, its members first) to the creations still needed.</summary>
    public static void PlanCreate(NexthopObject target, List<NexthopObject> nexthops, List<NexthopObject> groups)
    {
        foreach (var member in target.Members)
        {
            PlanCreate(member, nexthops, groups);
        }
        if (target.InKernel || target.CreatePlanned)
        {
            return;
        }
        target.CreatePlanned = true;
        (target.IsGroup ? groups : nexthops).Add(target);
    }

    /// <summary>Every referenced object the kernel lacks (after a link flap flushed some, say).</summary>
    public void PlanMissing(List<NexthopObject> nexthops, List<NexthopObject> groups)
    {
        foreach (var target in _byId.Values.Where(o => o.References > 0 && !o.InKernel).ToList())
        {
            PlanCreate(target, nexthops, groups);
        }
    }

    /// <summary>Forgets unreferenced objects and lists those the kernel holds, groups before next hops.</summary>
    public void CollectGarbage(List<NexthopObject> deletions)
    {
        foreach (var group in _groups.Values.Where(g => g.References <= 0 && !g.Pinned).ToList())
        {
            Forget(group, deletions);
            foreach (var member in group.Members)
            {
                member.References--;
            }
        }
        foreach (var nexthop in _nexthops.Values.Where(n => n.References <= 0 && !n.Pinned).ToList())
        {
            Forget(nexthop, deletions);
        }
    }

    /// <summary>Takes over an object a previous run left (ours by protocol and id range); false when it cannot be described or duplicates one we have.</summary>
    public bool Adopt(KernelNexthop kernel, Func<uint, NexthopObject?> memberById)
    {
        if (_byId.ContainsKey(kernel.Id) || !OwnsId(kernel.Id) || kernel.Blackhole)
        {
            return false;
        }
        NexthopObject adopted;
        if (kernel.IsGroup)
        {
            var members = kernel.GroupMembers.Select(memberById).ToArray();
            if (members.Any(m => m is null || m.IsGroup))
            {
                return false;
            }
            var set = NextHopSet.From(members.Select(m => m!.Set.Members[0]).ToArray());
            if (_groups.ContainsKey(set) || set.Members.Length != members.Length)
            {
                return false;
            }
            adopted = new NexthopObject(kernel.Id, set, members!);
            foreach (var member in adopted.Members)
            {
                member.References++;
            }
            _groups[set] = adopted;
        }
        else
        {
            var hop = new FibNextHop(kernel.Gateway, kernel.Family == LinuxAddressFamily.Inet6, kernel.InterfaceIndex);
            if (kernel.Family == LinuxAddressFamily.Unspecified || _nexthops.ContainsKey(hop))
            {
                return false;
            }
            adopted = new NexthopObject(kernel.Id, new NextHopSet([hop]), []);
            _nexthops[hop] = adopted;
        }
        adopted.InKernel = true;
        adopted.Pinned = true;
        _byId[adopted.Id] = adopted;
        return true;
    }

    /// <summary>A reconcile completed: adopted objects are protected by the routes that use them from now on.</summary>
    public void Unpin()
    {
        foreach (var adopted in _byId.Values)
        {
            adopted.Pinned = false;
        }
    }

    /// <summary>Whether the kernel's object with our id says what ours says (same gateway and device, or same members).</summary>
    public static bool SameContent(NexthopObject ours, KernelNexthop kernel)
    {
        if (ours.IsGroup)
        {
            return kernel.GroupMembers.Count == ours.Members.Length && Array.TrueForAll(ours.Members, m => kernel.GroupMembers.Contains(m.Id));
        }
        var hop = ours.Set.Members[0];
        return !kernel.IsGroup && kernel.Gateway == hop.Gateway && kernel.InterfaceIndex == hop.InterfaceIndex
            && (kernel.Family == LinuxAddressFamily.Inet6) == hop.GatewayIsIpv6;
    }

    private NexthopObject NexthopFor(FibNextHop hop, NextHopSet? set = null)
    {
        if (!_nexthops.TryGetValue(hop, out var nexthop))
        {
            nexthop = new NexthopObject(AllocateId(), set ?? new NextHopSet([hop]), []);
            _nexthops[hop] = nexthop;
            _byId[nexthop.Id] = nexthop;
        }
        return nexthop;
    }

    private NexthopObject GroupFor(NextHopSet set)
    {
        if (!_groups.TryGetValue(set, out var group))
        {
            var members = Array.ConvertAll(set.Members, hop => NexthopFor(hop));
            foreach (var member in members)
            {
                member.References++;
            }
            group = new NexthopObject(AllocateId(), set, members);
            _groups[set] = group;
            _byId[group.Id] = group;
        }
        return group;
    }

    private void Forget(NexthopObject target, List<NexthopObject> deletions)
    {
        if (target.IsGroup)
        {
            _groups.Remove(target.Set);
        }
        else
        {
            _nexthops.Remove(target.Set.Members[0]);
        }
        _byId.Remove(target.Id);
        if (target.InKernel)
        {
            deletions.Add(target);
        }
    }

    /// <summary>The next free id of our range, wrapping around; ids are only reused once nothing holds them.</summary>
    private uint AllocateId()
    {
        do
        {
            _lastAllocated = _lastAllocated >= _firstId + RangeSize ? _firstId + 1 : _lastAllocated + 1;
        }
        while (_byId.ContainsKey(_lastAllocated) || _reserved.Contains(_lastAllocated));
        return _lastAllocated;
    }
}
