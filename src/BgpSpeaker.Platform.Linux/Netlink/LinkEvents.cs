using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>Something changed about the node's interfaces (or the monitor re-read them all).</summary>
public abstract record LinkEvent;

/// <summary>RFC 2863 operational state as the kernel reports it (IFLA_OPERSTATE).</summary>
public enum LinkOperState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}

/// <summary>An interface's state, or its removal (<see cref="Removed"/>; the other fields then hold its last state).</summary>
/// <param name="AdminUp">IFF_UP: configured up (<c>ip link set X up</c>).</param>
/// <param name="LowerUp">IFF_LOWER_UP: carrier present (a veth's peer is up, a cable is plugged in).</param>
/// <param name="Running">IFF_RUNNING: operationally usable (oper state up, or unknown as on dummy and lo).</param>
public sealed record LinkState(int Index, string Name, bool AdminUp, bool LowerUp, bool Running, LinkOperState OperState, bool Removed)
    : LinkEvent
{
    /// <summary>Up and with carrier: a session over it can work.</summary>
    public bool IsUsable => !Removed && AdminUp && LowerUp;
}

/// <summary>IFA_F_* address flags (IFA_FLAGS, a u32 extending the u8 in ifaddrmsg).</summary>
[Flags]
public enum AddressFlags : uint
{
    None = 0,
    Secondary = 0x01,
    NoDad = 0x02,
    Optimistic = 0x04,
    DadFailed = 0x08,
    HomeAddress = 0x10,
    Deprecated = 0x20,
    Tentative = 0x40,
    Permanent = 0x80,
    ManageTempAddress = 0x100,
    NoPrefixRoute = 0x200,
    McAutoJoin = 0x400,
    StablePrivacy = 0x800,
}

/// <summary>An address on an interface, or its removal. IPv4 addresses use the low 32 bits of <see cref="Address"/>.</summary>
public sealed record AddressState(int InterfaceIndex, Afi Family, UInt128 Address, int PrefixLength, AddressFlags Flags, bool Removed)
    : LinkEvent
{
    /// <summary>Duplicate address detection still runs: the address cannot be bound to yet.</summary>
    public bool Tentative => (Flags & AddressFlags.Tentative) != 0;

    /// <summary>Duplicate address detection found another node with this address: it will never become usable.</summary>
    public bool DadFailed => (Flags & AddressFlags.DadFailed) != 0;

    public bool IsIpv6LinkLocal => Family == Afi.Ipv6 && IpAddresses.IsV6LinkLocal(Address);

    /// <summary>Present and past duplicate address detection: a socket can bind to it.</summary>
    public bool IsUsable => !Removed && !Tentative && !DadFailed;

    public override string ToString() =>
        $"AddressState {{ if {InterfaceIndex} {IpAddresses.FromBits(Family, Address)}/{PrefixLength} [{Flags}]{(Removed ? " removed" : "")} }}";
}

/// <summary>
/// The monitor finished reading every link and address: after start, and again after an overrun
/// (ENOBUFS: notifications were lost, so everything was re-read; vanished items were reported removed).
/// </summary>
public sealed record LinkSnapshotComplete(bool AfterOverrun, long Overruns) : LinkEvent;
