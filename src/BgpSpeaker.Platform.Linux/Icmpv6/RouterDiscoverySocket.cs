using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using BgpSpeaker.Platform.Linux.Icmpv6.Native;

namespace BgpSpeaker.Platform.Linux.Icmpv6;

/// <summary>
/// One raw ICMPv6 socket for every fabric interface: Router Solicitations and Advertisements in and out.
/// One per daemon rather than one per interface because the kernel tells us the arrival interface of
/// each packet and lets us pick the outgoing interface and source per packet, so links coming and going
/// need only a multicast join, never a socket to open or close. A socket stays in the network namespace
/// of the thread that opened it.
/// </summary>
public sealed class RouterDiscoverySocket : IDisposable
{
    /// <summary>RFC 4861 §6.1: Neighbor Discovery packets must arrive with hop limit 255 (sent on-link).</summary>
    public const int RequiredHopLimit = 255;

    public static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");
    public static readonly IPAddress AllRouters = IPAddress.Parse("ff02::2");

    private const int IpProtoIcmpv6 = 58;
    private const int Icmp6Filter = 1;
    private const int Ipv6UnicastHops = 16;
    private const int Ipv6MulticastHops = 18;
    private const int Ipv6MulticastLoop = 19;
    private const int Ipv6AddMembership = 20;
    private const int Ipv6DropMembership = 21;
    private const int Ipv6RecvPktinfo = 49;
    private const int Ipv6RecvHoplimit = 51;
    private const int AddressInUse = 98; // EADDRINUSE: already a member of the group

    private readonly Socket _socket;

    private RouterDiscoverySocket(Socket socket) => _socket = socket;

    /// <summary>Opens the socket in the calling thread's network namespace (needs CAP_NET_RAW).</summary>
    /// <exception cref="SocketException">The kernel refused the socket or one of its options.</exception>
    public static RouterDiscoverySocket Open()
    {
        var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
        try
        {
            SetInt(socket, Ipv6UnicastHops, RequiredHopLimit);
            SetInt(socket, Ipv6MulticastHops, RequiredHopLimit);
            // Our own multicast RAs must not come back to us as if another router sent them.
            SetInt(socket, Ipv6MulticastLoop, 0);
            SetInt(socket, Ipv6RecvPktinfo, 1);
            SetInt(socket, Ipv6RecvHoplimit, 1);
            socket.SetRawSocketOption(IpProtoIcmpv6, Icmp6Filter, RouterDiscoveryFilter());
            return new RouterDiscoverySocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Joins ff02::2 on the interface so Router Solicitations reach us; joining twice is not an error.</summary>
    public SocketResult JoinAllRouters(int interfaceIndex)
    {
        var result = ChangeMembership(Ipv6AddMembership, interfaceIndex);
        return result.Errno == AddressInUse ? SocketResult.Ok : result;
    }

    public SocketResult LeaveAllRouters(int interfaceIndex) => ChangeMembership(Ipv6DropMembership, interfaceIndex);

    /// <summary>
    /// Sends <paramref name="packet"/> (an ICMPv6 message; the kernel fills in the checksum) to
    /// <paramref name="destination"/> out of the interface, from <paramref name="source"/>, hop limit 255.
    /// </summary>
    public unsafe SocketResult Send(ReadOnlySpan<byte> packet, IPAddress destination, int interfaceIndex, IPAddress source)
    {
        var to = new SocketAddressIpv6 { Family = SocketAddressIpv6.AfInet6, ScopeId = (uint)interfaceIndex };
        destination.TryWriteBytes(new Span<byte>(to.Address, 16), out _);

        int controlLength = SocketMessages.Space(sizeof(Ipv6PacketInfo));
        byte* control = stackalloc byte[controlLength];
        new Span<byte>(control, controlLength).Clear();
        var header = (ControlMessageHeader*)control;
        header->Length = (nuint)(SocketMessages.Align(sizeof(ControlMessageHeader)) + sizeof(Ipv6PacketInfo));
        header->Level = SocketMessages.SolIpv6;
        header->Type = SocketMessages.Ipv6Pktinfo;
        var info = (Ipv6PacketInfo*)(control + SocketMessages.Align(sizeof(ControlMessageHeader)));
        info->InterfaceIndex = interfaceIndex;
        source.TryWriteBytes(new Span<byte>(info->Address, 16), out _);

        fixed (byte* data = packet)
        {
            var vector = new IoVector { Base = data, Length = (nuint)packet.Length };
            var message = new MessageHeader
            {
                Name = &to,
                NameLength = (uint)sizeof(SocketAddressIpv6),
                Iov = &vector,
                IovLength = 1,
                Control = control,
                ControlLength = (nuint)controlLength,
            };
            while (true)
            {
                if (SocketMessages.SendMessage(_socket.SafeHandle, &message, 0) >= 0)
                {
                    return SocketResult.Ok;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != SocketMessages.Eintr)
                {
                    return SocketResult.FromErrno(errno);
                }
            }
        }
    }

    /// <summary>
    /// Waits for the next packet and copies it into <paramref name="buffer"/>. Errors are returned, not
    /// thrown; only cancellation or disposal end the wait with an exception.
    /// </summary>
    public async ValueTask<ReceiveResult> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = ReceiveNow(buffer);
            if (result.Error is not { } error || error.Errno is not (SocketMessages.Eagain or SocketMessages.Eintr))
            {
                return result;
            }
            if (error.Errno == SocketMessages.Eagain)
            {
                // A zero-length peek completes when a packet is queued, without taking it.
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private unsafe ReceiveResult ReceiveNow(byte[] buffer)
    {
        SocketAddressIpv6 from = default;
        int controlLength = SocketMessages.Space(sizeof(Ipv6PacketInfo)) + SocketMessages.Space(sizeof(int)) + 64;
        byte* control = stackalloc byte[controlLength];
        fixed (byte* data = buffer)
        {
            var vector = new IoVector { Base = data, Length = (nuint)buffer.Length };
            var message = new MessageHeader
            {
                Name = &from,
                NameLength = (uint)sizeof(SocketAddressIpv6),
                Iov = &vector,
                IovLength = 1,
                Control = control,
                ControlLength = (nuint)controlLength,
            };
            nint length = SocketMessages.ReceiveMessage(_socket.SafeHandle, &message, SocketMessages.MsgDontWait);
            if (length < 0)
            {
                return new ReceiveResult(null, SocketResult.FromErrno(Marshal.GetLastPInvokeError()));
            }
            var (interfaceIndex, hopLimit) = ReadControl(control, (int)message.ControlLength);
            var source = new IPAddress(new ReadOnlySpan<byte>(from.Address, 16));
            bool truncated = (message.Flags & SocketMessages.MsgTrunc) != 0;
            return new ReceiveResult(new ReceivedPacket((int)length, source, interfaceIndex, hopLimit, truncated), null);
        }
    }

    /// <summary>The arrival interface (IPV6_PKTINFO) and hop limit (IPV6_HOPLIMIT); -1 for what is missing.</summary>
    private static unsafe (int InterfaceIndex, int HopLimit) ReadControl(byte* control, int length)
    {
        int interfaceIndex = -1, hopLimit = -1;
        int dataOffset = SocketMessages.Align(sizeof(ControlMessageHeader));
        for (int offset = 0; offset + sizeof(ControlMessageHeader) <= length;)
        {
            var header = (ControlMessageHeader*)(control + offset);
            int messageLength = (int)header->Length;
            if (messageLength < dataOffset || offset + messageLength > length)
            {
                break;
            }
            if (header->Level == SocketMessages.SolIpv6 && header->Type == SocketMessages.Ipv6Pktinfo && messageLength >= dataOffset + sizeof(Ipv6PacketInfo))
            {
                interfaceIndex = ((Ipv6PacketInfo*)(control + offset + dataOffset))->InterfaceIndex;
            }
            else if (header->Level == SocketMessages.SolIpv6 && header->Type == SocketMessages.Ipv6Hoplimit && messageLength >= dataOffset + sizeof(int))
            {
                hopLimit = *(int*)(control + offset + dataOffset);
            }
            offset += SocketMessages.Align(messageLength);
        }
        return (interfaceIndex, hopLimit);
    }

    private SocketResult ChangeMembership(int option, int interfaceIndex)
    {
        // struct ipv6_mreq { struct in6_addr group; int ifindex; }
        var request = new byte[20];
        AllRouters.TryWriteBytes(request, out _);
        BitConverter.TryWriteBytes(request.AsSpan(16), interfaceIndex);
        try
        {
            _socket.SetRawSocketOption(SocketMessages.SolIpv6, option, request);
            return SocketResult.Ok;
        }
        catch (SocketException e)
        {
            return new SocketResult(e.NativeErrorCode, e.Message);
        }
    }

    private static void SetInt(Socket socket, int option, int value) =>
        socket.SetRawSocketOption(SocketMessages.SolIpv6, option, BitConverter.GetBytes(value));

    /// <summary>
    /// ICMP6_FILTER: a bit per ICMPv6 type, set = blocked (Linux's sense). Everything but RS and RA is
    /// blocked in the kernel, so neighbour solicitations, echo and errors never wake us.
    /// </summary>
    private static byte[] RouterDiscoveryFilter()
    {
        var words = new uint[8];
        Array.Fill(words, uint.MaxValue);
        foreach (var type in new[] { Codec.NdMessage.RouterSolicitationType, Codec.NdMessage.RouterAdvertisementType })
        {
            words[type >> 5] &= ~(1u << (type & 31));
        }
        return MemoryMarshal.AsBytes(words.AsSpan()).ToArray();
    }
}

/// <summary>Success, or why the kernel refused (errno and its text).</summary>
public readonly record struct SocketResult(int Errno, string? Message)
{
    public static SocketResult Ok => default;

    public bool IsOk => Message is null;

    public static SocketResult FromErrno(int errno) => new(errno, Marshal.GetPInvokeErrorMessage(errno));
}

/// <summary>One packet: its length in the buffer, sender, arrival interface and hop limit (-1 if unknown).</summary>
public readonly record struct ReceivedPacket(int Length, IPAddress Source, int InterfaceIndex, int HopLimit, bool Truncated);

/// <summary>A packet, or the error recvmsg reported.</summary>
public readonly record struct ReceiveResult(ReceivedPacket? Packet, SocketResult? Error);
