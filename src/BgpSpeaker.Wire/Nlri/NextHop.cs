namespace BgpSpeaker.Wire.Nlri;

/// <summary>
/// A next hop as carried in NEXT_HOP or MP_REACH_NLRI. <see cref="Length"/> is the wire length:
/// 4 (IPv4), 16 (one IPv6 address, global or link-local), or 32 (global then link-local, RFC 2545).
/// RFC 8950 peers send IPv6 next hops for IPv4 NLRI; on links without a global address FRR puts the
/// link-local address in both 32-byte fields, others send [::, LL] or a 16-byte [LL]. All decode here.
/// </summary>
public readonly record struct NextHop(byte Length, UInt128 Address, UInt128 LinkLocal)
{
    public static NextHop V4(uint address) => new(4, address, UInt128.Zero);

    public static NextHop V6(UInt128 address) => new(16, address, UInt128.Zero);

    public static NextHop V6(UInt128 global, UInt128 linkLocal) => new(32, global, linkLocal);

    public bool IsIpv4 => Length == 4;

    public Afi Afi => IsIpv4 ? Afi.Ipv4 : Afi.Ipv6;

    /// <summary>The link-local address to forward to, if any (what the kernel route needs on unnumbered links).</summary>
    public UInt128? LinkLocalAddress =>
        Length == 32 && LinkLocal != UInt128.Zero ? LinkLocal
        : Length is 16 or 32 && IpAddresses.IsV6LinkLocal(Address) ? Address
        : null;

    /// <summary>The global IPv6 address, if one was sent.</summary>
    public UInt128? GlobalAddress =>
        Length is 16 or 32 && Address != UInt128.Zero && !IpAddresses.IsV6LinkLocal(Address) ? Address : null;

    public override string ToString() => Length switch
    {
        4 => IpAddresses.V4ToString((uint)Address),
        16 => IpAddresses.V6ToString(Address),
        // [::, LL] and [LL, LL] (what FRR sends on a link without a global address) both mean the link-local alone.
        32 when Address == UInt128.Zero || Address == LinkLocal => IpAddresses.V6ToString(LinkLocal),
        32 => $"{IpAddresses.V6ToString(Address)} {IpAddresses.V6ToString(LinkLocal)}",
        _ => "none",
    };
}
