namespace BgpSpeaker.Wire.Attributes;

/// <summary>An RFC 1997 community, shown as "asn:value".</summary>
public readonly record struct Community(uint Value)
{
    /// <summary>RFC 8326: the route is being drained; receivers lower its preference.</summary>
    public static readonly Community GracefulShutdown = new(0xFFFF0000);
    public static readonly Community NoExport = new(0xFFFFFF01);
    public static readonly Community NoAdvertise = new(0xFFFFFF02);
    public static readonly Community NoExportSubconfed = new(0xFFFFFF03);

    public Community(ushort asn, ushort value) : this(((uint)asn << 16) | value)
    {
    }

    public override string ToString() => Value switch
    {
        0xFFFF0000 => "graceful-shutdown",
        0xFFFFFF01 => "no-export",
        0xFFFFFF02 => "no-advertise",
        0xFFFFFF03 => "no-export-subconfed",
        _ => $"{Value >> 16}:{Value & 0xFFFF}",
    };
}

/// <summary>An RFC 8092 large community, shown as "global:local1:local2".</summary>
public readonly record struct LargeCommunity(uint GlobalAdministrator, uint LocalData1, uint LocalData2)
{
    public override string ToString() => $"{GlobalAdministrator}:{LocalData1}:{LocalData2}";
}

/// <summary>An RFC 4360 extended community, kept as its 8 raw octets.</summary>
public readonly record struct ExtendedCommunity(ulong Value)
{
    public byte TypeHigh => (byte)(Value >> 56);
    public byte SubType => (byte)(Value >> 48);

    public override string ToString() => TypeHigh switch
    {
        0x00 or 0x40 => $"{SubTypeName}:{(Value >> 32) & 0xFFFF}:{(uint)Value}",
        0x02 or 0x42 => $"{SubTypeName}:{(uint)(Value >> 16)}:{Value & 0xFFFF}",
        0x01 or 0x41 => $"{SubTypeName}:{Nlri.IpAddresses.V4ToString((uint)(Value >> 16))}:{Value & 0xFFFF}",
        _ => $"0x{Value:x16}",
    };

    private string SubTypeName => SubType switch
    {
        0x02 => "rt",
        0x03 => "soo",
        _ => $"type{TypeHigh:x2}{SubType:x2}",
    };
}

/// <summary>AGGREGATOR: the AS and router id of the speaker that aggregated the route.</summary>
public readonly record struct Aggregator(uint Asn, uint Address)
{
    public override string ToString() => $"{Asn} {Nlri.IpAddresses.V4ToString(Address)}";
}

/// <summary>An attribute the codec does not interpret, passed through as octets.</summary>
public sealed record RawAttribute(AttributeFlags Flags, byte TypeCode, byte[] Value)
{
    public bool Equals(RawAttribute? other) =>
        other is not null && Flags == other.Flags && TypeCode == other.TypeCode && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(Flags, TypeCode, Value.Length, Value.Length > 0 ? Value[0] : 0);
}
