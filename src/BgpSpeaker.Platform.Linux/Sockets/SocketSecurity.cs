using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BgpSpeaker.Platform.Linux.Sockets;

/// <summary>
/// Per-peer socket protection on Linux: TCP-MD5 signatures (RFC 2385) and GTSM (RFC 5082). Both are
/// plain setsockopt calls; the option numbers and struct layout are Linux's uapi.
/// </summary>
public static class SocketSecurity
{
    private const int IpProtoIp = 0;
    private const int IpProtoTcp = 6;
    private const int IpProtoIpv6 = 41;
    private const int TcpMd5Sig = 14;
    private const int IpMinTtl = 21;
    private const int Ipv6MinHopCount = 73;
    public const int MaxPasswordLength = 80;

    /// <summary>
    /// Installs (or with an empty password removes) the MD5 key for <paramref name="peer"/>: on a
    /// listening socket it covers inbound connections from that address, on a connecting one the session.
    /// <code>struct tcp_md5sig { sockaddr_storage addr; u8 flags; u8 prefixlen; u16 keylen; int ifindex; u8 key[80]; }</code>
    /// </summary>
    public static void SetMd5Password(Socket socket, IPAddress peer, string password)
    {
        var key = Encoding.UTF8.GetBytes(password);
        if (key.Length > MaxPasswordLength)
        {
            throw new ArgumentException($"TCP-MD5 password is {key.Length} bytes; at most {MaxPasswordLength}", nameof(password));
        }
        var option = new byte[216];
        WriteSockaddr(option, peer, socket.AddressFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(option.AsSpan(130), (ushort)key.Length);
        key.CopyTo(option, 136);
        socket.SetRawSocketOption(IpProtoTcp, TcpMd5Sig, option);
    }

    /// <summary>
    /// GTSM for a directly connected peer: send with TTL 255 and drop anything that arrives with less,
    /// so a packet forged from further away cannot reach the session.
    /// </summary>
    public static void EnableTtlSecurity(Socket socket, int hops = 1)
    {
        int minimum = 256 - hops;
        if (socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.HopLimit, 255);
            socket.SetRawSocketOption(IpProtoIpv6, Ipv6MinHopCount, BitConverter.GetBytes(minimum));
            if (!socket.DualMode)
            {
                return;
            }
        }
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 255);
        socket.SetRawSocketOption(IpProtoIp, IpMinTtl, BitConverter.GetBytes(minimum));
    }

    /// <summary>A Linux sockaddr_in / sockaddr_in6 (IPv4 peers on an IPv6 socket are written IPv4-mapped).</summary>
    private static void WriteSockaddr(Span<byte> destination, IPAddress peer, AddressFamily socketFamily)
    {
        if (socketFamily == AddressFamily.InterNetworkV6 && peer.AddressFamily == AddressFamily.InterNetwork)
        {
            peer = peer.MapToIPv6();
        }
        if (peer.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, 2); // AF_INET
            peer.TryWriteBytes(destination[4..], out _);
            return;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(destination, 10); // AF_INET6
        peer.TryWriteBytes(destination[8..], out _);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)peer.ScopeId);
    }
}
