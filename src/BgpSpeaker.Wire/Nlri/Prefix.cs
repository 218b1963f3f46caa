using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BgpSpeaker.Wire.Nlri;

/// <summary>
/// An IPv4 or IPv6 prefix as a value. IPv4 addresses live in the low 32 bits of <see cref="Bits"/>;
/// IPv6 addresses use all 128. Host bits are always zero.
/// </summary>
public readonly record struct Prefix : IComparable<Prefix>
{
    public Prefix(Afi afi, UInt128 bits, int length)
    {
        int max = afi == Afi.Ipv4 ? 32 : 128;
        if ((uint)length > (uint)max)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"prefix length must be 0..{max}");
        }
        Afi = afi;
        Length = (byte)length;
        var masked = bits & Mask(max, length);
        (_high, _low) = ((ulong)(masked >> 64), (ulong)masked);
    }

    // Two words, not a UInt128 field: UInt128 is 16-byte aligned, which made a Prefix 32 bytes and an
    // NlriEntry 48 (an export run holds three lists of them); as two words they take 24 and 32.
    private readonly ulong _high;
    private readonly ulong _low;

    public Afi Afi { get; }
    public byte Length { get; }
    public UInt128 Bits => new(_high, _low);

    // Every bit, with the process's random seed (as UInt128's own hash was): tables keyed by prefix (the
    // FIB writer's) must not let a peer choose prefixes that share a bucket.
    public override int GetHashCode() => HashCode.Combine((uint)(_high >> 32), (uint)_high, (uint)(_low >> 32), (uint)_low, Afi, Length);

    public static Prefix V4(uint address, int length) => new(Afi.Ipv4, address, length);

    public static Prefix V6(UInt128 address, int length) => new(Afi.Ipv6, address, length);

    /// <summary>Parses "10.0.0.0/24" or "2001:db8::/32"; host bits are cleared.</summary>
    public static Prefix Parse(string text) =>
        TryParse(text, out var prefix) ? prefix : throw new FormatException($"'{text}' is not a prefix (expected address/length)");

    public static bool TryParse(string? text, out Prefix prefix)
    {
        prefix = default;
        int slash = text?.IndexOf('/') ?? -1;
        if (slash <= 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length))
        {
            return false;
        }
        var afi = address.AddressFamily == AddressFamily.InterNetwork ? Afi.Ipv4 : Afi.Ipv6;
        if (length > (afi == Afi.Ipv4 ? 32 : 128))
        {
            return false;
        }
        prefix = new Prefix(afi, IpAddresses.ToBits(address), length);
        return true;
    }

    /// <summary>Bytes of the address that a prefix of this length occupies on the wire.</summary>
    public int WireAddressBytes => (Length + 7) >> 3;

    public bool Contains(Prefix other) =>
        other.Afi == Afi && other.Length >= Length && (other.Bits & Mask(Afi == Afi.Ipv4 ? 32 : 128, Length)) == Bits;

    public IPAddress Address => IpAddresses.FromBits(Afi, Bits);

    public int CompareTo(Prefix other)
    {
        int c = Afi.CompareTo(other.Afi);
        if (c != 0)
        {
            return c;
        }
        c = Bits.CompareTo(other.Bits);
        return c != 0 ? c : Length.CompareTo(other.Length);
    }

    public override string ToString() => $"{Address}/{Length}";

    private static UInt128 Mask(int width, int length) =>
        length == 0 ? UInt128.Zero : (UInt128.MaxValue << (128 - length)) >> (128 - width);
}

/// <summary>Conversions between addresses and the integer form the codec uses.</summary>
public static class IpAddresses
{
    public static UInt128 ToBits(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress FromBits(Afi afi, UInt128 bits)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (afi == Afi.Ipv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)bits);
            return new IPAddress(bytes[..4]);
        }
        BinaryPrimitives.WriteUInt128BigEndian(bytes, bits);
        return new IPAddress(bytes);
    }

    public static string V4ToString(uint address) => FromBits(Afi.Ipv4, address).ToString();

    public static string V6ToString(UInt128 address) => FromBits(Afi.Ipv6, address).ToString();

    public static uint ParseV4(string text) =>
        IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetwork
            ? (uint)ToBits(a)
            : throw new FormatException($"'{text}' is not an IPv4 address");

    public static UInt128 ParseV6(string text) =>
        IPAddress.TryParse(text, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6
            ? ToBits(a)
            : throw new FormatException($"'{text}' is not an IPv6 address");

    /// <summary>fe80::/10.</summary>
    public static bool IsV6LinkLocal(UInt128 address) => (address >> 118) == 0x3FA;
}
