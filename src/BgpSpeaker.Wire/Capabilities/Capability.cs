using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Capabilities;

/// <summary>Capability codes (IANA "Capability Codes").</summary>
public enum CapabilityCode : byte
{
    Multiprotocol = 1,
    RouteRefresh = 2,
    ExtendedNextHop = 5,
    ExtendedMessage = 6,
    Role = 9,
    GracefulRestart = 64,
    FourOctetAs = 65,
    AddPath = 69,
    EnhancedRouteRefresh = 70,
    Fqdn = 73,
    RouteRefreshCisco = 128,
}

/// <summary>A capability from an OPEN (RFC 5492). Unknown codes are kept as <see cref="UnknownCapability"/>.</summary>
public abstract record Capability(CapabilityCode Code)
{
    public string Name => CapabilityNames.Name(Code);
}

/// <summary>RFC 4760: the speaker handles this AFI/SAFI.</summary>
public sealed record MultiprotocolCapability(AfiSafi Family) : Capability(CapabilityCode.Multiprotocol);

/// <summary>RFC 2918 route refresh (also the pre-standard code 128).</summary>
public sealed record RouteRefreshCapability(CapabilityCode Variant = CapabilityCode.RouteRefresh) : Capability(Variant);

/// <summary>RFC 7313 enhanced route refresh.</summary>
public sealed record EnhancedRouteRefreshCapability() : Capability(CapabilityCode.EnhancedRouteRefresh);

/// <summary>RFC 8654 extended messages (65535 octets).</summary>
public sealed record ExtendedMessageCapability() : Capability(CapabilityCode.ExtendedMessage);

/// <summary>RFC 6793: the speaker's real AS number.</summary>
public sealed record FourOctetAsCapability(uint Asn) : Capability(CapabilityCode.FourOctetAs);

/// <summary>RFC 8950: NLRI of <see cref="Family"/> may carry a next hop of <see cref="NextHopAfi"/>.</summary>
public readonly record struct ExtendedNextHopEntry(AfiSafi Family, Afi NextHopAfi);

public sealed record ExtendedNextHopCapability(IReadOnlyList<ExtendedNextHopEntry> Entries)
    : Capability(CapabilityCode.ExtendedNextHop)
{
    public bool Equals(ExtendedNextHopCapability? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Count;
}

[Flags]
public enum AddPathDirection : byte
{
    None = 0,
    Receive = 1,
    Send = 2,
    Both = 3,
}

public readonly record struct AddPathEntry(AfiSafi Family, AddPathDirection Direction);

/// <summary>RFC 7911 ADD-PATH: per family, whether the speaker sends and/or receives path identifiers.</summary>
public sealed record AddPathCapability(IReadOnlyList<AddPathEntry> Entries) : Capability(CapabilityCode.AddPath)
{
    public bool Equals(AddPathCapability? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Count;
}

public readonly record struct GracefulRestartFamily(AfiSafi Family, bool ForwardingPreserved);

/// <summary>RFC 4724 graceful restart: restart flags, restart time (seconds), families preserved.</summary>
public sealed record GracefulRestartCapability(bool RestartState, bool Notification, ushort RestartTimeSeconds,
    IReadOnlyList<GracefulRestartFamily> Families) : Capability(CapabilityCode.GracefulRestart)
{
    public bool Equals(GracefulRestartCapability? other) =>
        other is not null && RestartState == other.RestartState && Notification == other.Notification
        && RestartTimeSeconds == other.RestartTimeSeconds && Families.SequenceEqual(other.Families);

    public override int GetHashCode() => HashCode.Combine(RestartTimeSeconds, Families.Count);
}

/// <summary>draft-walton-bgp-hostname-capability: the speaker's host and domain name (FRR sends it).</summary>
public sealed record FqdnCapability(string HostName, string DomainName) : Capability(CapabilityCode.Fqdn);

/// <summary>RFC 9234 BGP role.</summary>
public enum BgpRole : byte
{
    Provider = 0,
    RouteServer = 1,
    RouteServerClient = 2,
    Customer = 3,
    Peer = 4,
}

public sealed record RoleCapability(BgpRole Role) : Capability(CapabilityCode.Role);

/// <summary>A capability we do not interpret, kept as its octets.</summary>
public sealed record UnknownCapability(byte RawCode, byte[] Value) : Capability((CapabilityCode)RawCode)
{
    public bool Equals(UnknownCapability? other) =>
        other is not null && RawCode == other.RawCode && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(RawCode, Value.Length);
}

public static class CapabilityNames
{
    public static string Name(CapabilityCode code) => code switch
    {
        CapabilityCode.Multiprotocol => "multiprotocol",
        CapabilityCode.RouteRefresh => "route-refresh",
        CapabilityCode.ExtendedNextHop => "extended-nexthop",
        CapabilityCode.ExtendedMessage => "extended-message",
        CapabilityCode.Role => "role",
        CapabilityCode.GracefulRestart => "graceful-restart",
        CapabilityCode.FourOctetAs => "four-octet-as",
        CapabilityCode.AddPath => "add-path",
        CapabilityCode.EnhancedRouteRefresh => "enhanced-route-refresh",
        CapabilityCode.Fqdn => "hostname",
        CapabilityCode.RouteRefreshCisco => "route-refresh-cisco",
        _ => $"capability-{(byte)code}",
    };
}
