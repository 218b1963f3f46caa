namespace BgpSpeaker.Wire.Nlri;

/// <summary>Address Family Identifier (IANA).</summary>
public enum Afi : ushort
{
    Ipv4 = 1,
    Ipv6 = 2,
}

/// <summary>Subsequent Address Family Identifier (IANA).</summary>
public enum Safi : byte
{
    Unicast = 1,
    Multicast = 2,
}

/// <summary>An AFI/SAFI pair: the unit BGP negotiates and routes per.</summary>
public readonly record struct AfiSafi(Afi Afi, Safi Safi)
{
    public static readonly AfiSafi Ipv4Unicast = new(Afi.Ipv4, Safi.Unicast);
    public static readonly AfiSafi Ipv6Unicast = new(Afi.Ipv6, Safi.Unicast);

    /// <summary>Maximum prefix length for the address family (32 or 128); 0 when unknown.</summary>
    public int MaxPrefixLength => Afi switch { Afi.Ipv4 => 32, Afi.Ipv6 => 128, _ => 0 };

    public bool IsKnown => MaxPrefixLength != 0 && Safi is Safi.Unicast or Safi.Multicast;

    public override string ToString() => $"{AfiName(Afi)}-{SafiName(Safi)}";

    public static string AfiName(Afi afi) => afi switch
    {
        Afi.Ipv4 => "ipv4",
        Afi.Ipv6 => "ipv6",
        _ => $"afi{(ushort)afi}",
    };

    public static string SafiName(Safi safi) => safi switch
    {
        Safi.Unicast => "unicast",
        Safi.Multicast => "multicast",
        _ => $"safi{(byte)safi}",
    };
}
