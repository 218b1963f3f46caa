using System.Runtime.InteropServices;
using static BgpSpeaker.Platform.Linux.Netlink.NetlinkNative;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>What one receive call gave: a datagram's length, or an errno (EAGAIN: nothing queued).</summary>
/// <param name="Truncated">The datagram was longer than the buffer; its tail was lost.</param>
public readonly record struct NetlinkReceive(int Length, int Errno, bool Truncated)
{
    public bool IsSuccess => Errno == 0;
}

/// <summary>
/// A NETLINK_ROUTE socket in the network namespace of the thread that opens it. Only plain syscalls:
/// results and errors come back as values (errno), because ENOBUFS and friends are expected events
/// here, not exceptions. Not thread-safe: one owner sends and receives.
/// </summary>
public sealed unsafe class NetlinkSocket : IDisposable
{
    public const int DefaultReceiveBufferBytes = 4 * 1024 * 1024;
    private const int SendBufferBytes = 1024 * 1024;
    private readonly SafeNetlinkHandle _handle;

    private NetlinkSocket(SafeNetlinkHandle handle, uint portId, int receiveBufferBytes)
    {
        _handle = handle;
        PortId = portId;
        ReceiveBufferBytes = receiveBufferBytes;
    }

    /// <summary>The port id the kernel assigned at bind; replies to our requests carry it.</summary>
    public uint PortId { get; }

    /// <summary>The receive buffer the kernel granted (it reports twice what was asked, for overhead).</summary>
    public int ReceiveBufferBytes { get; }

    private uint _sequence;

    /// <summary>A fresh sequence number for the next request (wraps; 0 is skipped, notifications use it).</summary>
    public uint NextSequence()
    {
        _sequence = _sequence == uint.MaxValue ? 1 : _sequence + 1;
        return _sequence;
    }

    /// <summary>
    /// Opens and binds a socket that joins <paramref name="groups"/> (RtnetlinkGroup numbers). Asks for
    /// extended acks, capped acks (an error does not echo the whole request back) and strict checking
    /// of dump requests (so the kernel filters dumps by table and protocol); older kernels without
    /// them still work. Throws only when the socket itself cannot be made.
    /// </summary>
    public static NetlinkSocket Open(int receiveBufferBytes = DefaultReceiveBufferBytes, params ReadOnlySpan<int> groups)
    {
        int fd = NetlinkNative.Socket(AfNetlink, SockRaw | SockCloexec, NetlinkRoute);
        if (fd < 0)
        {
            throw new NetlinkException("socket(AF_NETLINK)", Marshal.GetLastPInvokeError());
        }
        var handle = new SafeNetlinkHandle(fd);
        try
        {
            // FORCE may exceed net.core.rmem_max but needs CAP_NET_ADMIN; the plain option is the fallback.
            SetBufferSize(handle, SoRcvbufForce, SoRcvbuf, receiveBufferBytes);
            SetBufferSize(handle, SoSndbufForce, SoSndbuf, SendBufferBytes);
            SetOption(handle, SolNetlink, NetlinkExtAck, 1);
            SetOption(handle, SolNetlink, NetlinkCapAck, 1);
            SetOption(handle, SolNetlink, NetlinkGetStrictCheck, 1);
            var address = new SockaddrNetlink { Family = AfNetlink };
            if (NetlinkNative.Bind(handle, &address, sizeof(SockaddrNetlink)) != 0)
            {
                throw new NetlinkException("bind(AF_NETLINK)", Marshal.GetLastPInvokeError());
            }
            foreach (int group in groups)
            {
                if (!SetOption(handle, SolNetlink, NetlinkAddMembership, group))
                {
                    throw new NetlinkException($"join rtnetlink group {group}", Marshal.GetLastPInvokeError());
                }
            }
            int length = sizeof(SockaddrNetlink);
            NetlinkNative.GetSockName(handle, &address, &length);
            return new NetlinkSocket(handle, address.PortId, GetOption(handle, SolSocket, SoRcvbuf));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sends one datagram (any number of messages); returns 0 or the errno.</summary>
    public int Send(ReadOnlySpan<byte> datagram)
    {
        fixed (byte* pointer = datagram)
        {
            while (true)
            {
                nint sent = NetlinkNative.Send(_handle, pointer, (nuint)datagram.Length, 0);
                if (sent >= 0)
                {
                    return 0;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    return errno;
                }
            }
        }
    }

    /// <summary>Receives one datagram; with <paramref name="wait"/> false an empty queue gives EAGAIN at once.</summary>
    public NetlinkReceive Receive(Span<byte> buffer, bool wait = true)
    {
        int flags = MsgTrunc | (wait ? 0 : MsgDontWait);
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                nint received = NetlinkNative.Receive(_handle, pointer, (nuint)buffer.Length, flags);
                if (received >= 0)
                {
                    return new NetlinkReceive((int)Math.Min(received, buffer.Length), 0, received > buffer.Length);
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    return new NetlinkReceive(0, errno, false);
                }
            }
        }
    }

    /// <summary>Waits until a datagram (or a pending error such as ENOBUFS) is ready; false on timeout.</summary>
    public bool WaitReadable(int timeoutMilliseconds)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            var poll = new PollFd { Fd = (int)_handle.DangerousGetHandle(), Events = PollIn };
            return NetlinkNative.Poll(&poll, 1, timeoutMilliseconds) > 0;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private static void SetBufferSize(SafeNetlinkHandle handle, int forced, int plain, int bytes)
    {
        if (!SetOption(handle, SolSocket, forced, bytes))
        {
            SetOption(handle, SolSocket, plain, bytes);
        }
    }

    private static bool SetOption(SafeNetlinkHandle handle, int level, int name, int value) =>
        NetlinkNative.SetSockOpt(handle, level, name, &value, sizeof(int)) == 0;

    private static int GetOption(SafeNetlinkHandle handle, int level, int name)
    {
        int value = 0;
        int length = sizeof(int);
        return NetlinkNative.GetSockOpt(handle, level, name, &value, &length) == 0 ? value : 0;
    }
}

/// <summary>A netlink socket could not be created or bound: an environment problem, not a kernel answer.</summary>
public sealed class NetlinkException : IOException
{
    public NetlinkException(string operation, int errno)
        : base($"{operation} failed: {Netlink.Errno.Name(errno)}")
    {
        ErrorNumber = errno;
    }

    public NetlinkException()
    {
    }

    public NetlinkException(string message)
        : base(message)
    {
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ErrorNumber { get; }
}
