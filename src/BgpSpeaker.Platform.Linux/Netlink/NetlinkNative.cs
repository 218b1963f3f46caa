using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>The libc calls a netlink socket needs. .NET's Socket class cannot create AF_NETLINK sockets.</summary>
internal static unsafe partial class NetlinkNative
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkRoute = 0;
    public const int SolSocket = 1;
    public const int SoSndbuf = 7;
    public const int SoRcvbuf = 8;
    public const int SoSndbufForce = 32;
    public const int SoRcvbufForce = 33;
    public const int SolNetlink = 270;
    public const int NetlinkAddMembership = 1;
    public const int NetlinkCapAck = 10;
    public const int NetlinkExtAck = 11;
    public const int NetlinkGetStrictCheck = 12;
    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;
    public const short PollIn = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrNetlink
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(SafeNetlinkHandle fd, SockaddrNetlink* address, int length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(SafeNetlinkHandle fd, SockaddrNetlink* address, int* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(SafeNetlinkHandle fd, int level, int name, int* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(SafeNetlinkHandle fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(SafeNetlinkHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(SafeNetlinkHandle fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}

/// <summary>Owns the socket's file descriptor; closing it is the handle's release.</summary>
internal sealed class SafeNetlinkHandle : SafeHandleMinusOneIsInvalid
{
    public SafeNetlinkHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeNetlinkHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    protected override bool ReleaseHandle() => NetlinkNative.Close((int)handle) == 0;
}
