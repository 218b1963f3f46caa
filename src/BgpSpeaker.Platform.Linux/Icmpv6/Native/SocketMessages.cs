using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace BgpSpeaker.Platform.Linux.Icmpv6.Native;

/// <summary>
/// recvmsg/sendmsg with ancillary data, which System.Net.Sockets does not offer: the hop limit a packet
/// arrived with (IPV6_HOPLIMIT) and choosing the source address per packet (IPV6_PKTINFO). Layouts are
/// Linux's uapi on 64-bit targets.
/// </summary>
internal static unsafe partial class SocketMessages
{
    public const int SolIpv6 = 41;
    public const int Ipv6Pktinfo = 50;
    public const int Ipv6Hoplimit = 52;
    public const int MsgDontWait = 0x40;
    public const int MsgTrunc = 0x20;
    public const int Eagain = 11;
    public const int Eintr = 4;

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(SafeSocketHandle socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(SafeSocketHandle socket, MessageHeader* message, int flags);

    /// <summary>CMSG_ALIGN: control data is aligned to size_t.</summary>
    public static int Align(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);

    /// <summary>CMSG_SPACE: room one control message with a <paramref name="dataLength"/>-octet payload takes.</summary>
    public static int Space(int dataLength) => Align(sizeof(ControlMessageHeader)) + Align(dataLength);
}

/// <summary><c>struct msghdr</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MessageHeader
{
    public void* Name;
    public uint NameLength;
    public IoVector* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary><c>struct iovec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public void* Base;
    public nuint Length;
}

/// <summary><c>struct cmsghdr</c>; its data follows at <see cref="SocketMessages.Align"/>(sizeof header).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ControlMessageHeader
{
    public nuint Length;
    public int Level;
    public int Type;
}

/// <summary><c>struct sockaddr_in6</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SocketAddressIpv6
{
    public const ushort AfInet6 = 10;
    public ushort Family;
    public ushort Port;
    public uint FlowInfo;
    public fixed byte Address[16];
    public uint ScopeId;
}

/// <summary><c>struct in6_pktinfo</c>: the interface a packet arrived on or leaves by, and our address on it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Ipv6PacketInfo
{
    public fixed byte Address[16];
    public int InterfaceIndex;
}
