namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// A kernel nexthop object as a dump reports it: either a single next hop (gateway and device) or a
/// group of other objects' ids. Mutable and reusable, like <see cref="KernelRoute"/>.
/// </summary>
public sealed class KernelNexthop
{
    public uint Id { get; set; }

    /// <summary>The gateway's family (AF_INET / AF_INET6); AF_UNSPEC for a group.</summary>
    public byte Family { get; set; }

    public byte Protocol { get; set; }

    /// <summary>RTNH_F_* flags (dead, linkdown, …).</summary>
    public uint Flags { get; set; }

    public UInt128 Gateway { get; set; }

    public int InterfaceIndex { get; set; }

    public bool Blackhole { get; set; }

    /// <summary>Member ids when this is a group; empty otherwise.</summary>
    public List<uint> GroupMembers { get; } = [];

    public bool IsGroup => GroupMembers.Count > 0;

    public void Reset()
    {
        Id = 0;
        Family = 0;
        Protocol = 0;
        Flags = 0;
        Gateway = UInt128.Zero;
        InterfaceIndex = 0;
        Blackhole = false;
        GroupMembers.Clear();
    }
}
