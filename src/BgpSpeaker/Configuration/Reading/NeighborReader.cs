using BgpSpeaker.Configuration.Schema;
using System.Text;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// A neighbor and the place its address was written, for errors that involve several neighbors, and
/// the policy names it gave (resolved and defaulted once the policies and our AS are known).
/// </summary>
internal readonly record struct PlacedNeighbor(NeighborConfig Config, ConfigValue At, ConfigValue? ImportAt, ConfigValue? ExportAt);

/// <summary>Reads one entry of <c>neighbors</c> and resolves its defaults.</summary>
internal static class NeighborReader
{
    // Linux TCP_MD5SIG_MAXKEYLEN; RFC 2385 itself sets no limit.
    private const int MaxPasswordBytes = 80;

    // RFC 9003: the shutdown communication has a one-octet length.
    private const int MaxShutdownMessageBytes = 255;

    internal static readonly Dictionary<string, AfiSafi> Families = new(StringComparer.Ordinal)
    {
        ["ipv4-unicast"] = AfiSafi.Ipv4Unicast,
        ["ipv6-unicast"] = AfiSafi.Ipv6Unicast,
    };

    public static PlacedNeighbor? Read(YamlValue node, TimerConfig globalTimers, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Neighbor.Section, errors) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var (address, iface, addressAt) = NeighborAddressReader.Read(m);
        bool isIpv6 = address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var neighbor = ReadSession(m, globalTimers, errors, isIpv6) with
        {
            Address = address,
            Interface = iface,
            Description = m.Scalar("description")?.Text,
            Passive = m.Get(ConfigSchema.Neighbor.Passive) ?? false,
            NextHop = m.ValueOf("nextHop") is { } nextHop ? ReadNextHop(nextHop, errors) : null,
        };
        return errors.Count == before && addressAt is { } at
            ? new PlacedNeighbor(neighbor, at, m.Scalar("import"), m.Scalar("export"))
            : null;
    }

    /// <summary>
    /// The settings every session has, whoever the peer is: a configured neighbor, or each fabric
    /// interface's leaf (<see cref="FabricReader"/>), a local peer's sessions (<see cref="LocalPeerReader"/>,
    /// which reads its own <paramref name="remoteAs"/>). IPv6 sessions default to both families and RFC 8950.
    /// A key the caller's section does not declare (a local peer has no password) reads as not set.
    /// </summary>
    public static NeighborConfig ReadSession(MappingReader m, TimerConfig globalTimers, ErrorSink errors, bool isIpv6, RemoteAs? remoteAs = null)
    {
        if (remoteAs is null)
        {
            remoteAs = m.Get("remoteAs", ScalarParser.RemoteAs);
            if (m.ValueOf("remoteAs") is null)
            {
                m.Missing(m.What, "remoteAs", " (a number, \"external\" or \"internal\")");
            }
        }
        return new NeighborConfig
        {
            RemoteAs = remoteAs ?? default,
            Timers = TimerReader.Resolve(TimerReader.Read(m), globalTimers, errors),
            Password = m.Declares(ConfigSchema.Session.Password) ? m.GetObject("password", ReadPassword) : null,
            TtlSecurity = m.Get(ConfigSchema.Session.TtlSecurity) ?? false,
            Families = ReadFamilies(m) ?? (isIpv6 ? [AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast] : [AfiSafi.Ipv4Unicast]),
            ExtendedNextHop = m.Get(ConfigSchema.Session.ExtendedNextHop) ?? isIpv6,
            MaxPrefixes = m.ValueOf("maxPrefixes") is { } limits ? ReadMaxPrefixes(limits, errors) : null,
            DelayOpen = m.Get(ConfigSchema.Session.DelayOpen) ?? TimeSpan.Zero,
            Shutdown = m.GetIfDeclared(ConfigSchema.Session.Shutdown) ?? false,
            ShutdownMessage = m.Declares(ConfigSchema.Session.ShutdownMessage) ? m.GetObject("shutdownMessage", ReadShutdownMessage) : null,
            Redistribute = m.GetIfDeclared(ConfigSchema.Session.Redistribute) ?? false,
            AllowAsIn = (int)(m.GetIfDeclared(ConfigSchema.Session.AllowAsIn) ?? 0),
        };
    }

    private static ValueList<AfiSafi>? ReadFamilies(MappingReader m)
    {
        if (m.ScalarList("families") is not { } names)
        {
            return null;
        }
        if (names.Count == 0 && m.ValueOf("families") is { } empty)
        {
            m.Errors.Add(empty.Line, empty.Column, "families must list at least one address family (ipv4-unicast, ipv6-unicast)");
        }
        var families = new List<AfiSafi>();
        foreach (var name in names)
        {
            if (!Families.TryGetValue(name.Text, out var family))
            {
                string hint = Suggestions.Hint(name.Text, Families.Keys);
                m.Errors.Add(name, $"unknown address family '{name.Text}'{hint} (known: {string.Join(", ", Families.Keys)})");
            }
            else if (families.Contains(family))
            {
                m.Errors.Add(name, $"address family '{name.Text}' is listed twice");
            }
            else
            {
                families.Add(family);
            }
        }
        return families.ToValueList();
    }

    private static NextHopConfig? ReadNextHop(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Neighbor.NextHopSection, errors) is not { } m)
        {
            return null;
        }
        var ipv4 = m.Scalar("ipv4") is { } v4 ? ScalarParser.Ipv4(v4 with { Label = "nextHop.ipv4" }, errors) : null;
        var ipv6 = m.Scalar("ipv6") is { } v6 ? ReadGlobalIpv6(v6 with { Label = "nextHop.ipv6" }, errors) : null;
        return new NextHopConfig { Ipv4 = ipv4, Ipv6 = ipv6 };
    }

    private static System.Net.IPAddress? ReadGlobalIpv6(ConfigValue v, ErrorSink errors)
    {
        if (!ScalarParser.TryParseAddress(v.Text, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            errors.Add(v, $"{v.Label} must be an IPv6 address, got '{v.Text}'");
            return null;
        }
        if (address.IsIPv6LinkLocal || address.Equals(System.Net.IPAddress.IPv6Any) || address.IsIPv6Multicast)
        {
            errors.Add(v, $"{v.Label} must be a global IPv6 address; a link-local next hop is taken from the session's interface");
            return null;
        }
        return address;
    }

    private static MaxPrefixConfig? ReadMaxPrefixes(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.PrefixLimit.Section, errors) is not { } m)
        {
            return null;
        }
        var limit = m.Get(ConfigSchema.PrefixLimit.Limit);
        if (m.ValueOf("limit") is null)
        {
            m.Missing("maxPrefixes", "limit", " (the number of prefixes that closes the session)");
        }
        var percent = m.Get(ConfigSchema.PrefixLimit.WarningPercent);
        var restart = m.Get(ConfigSchema.PrefixLimit.RestartAfter);
        return limit is { } l
            ? new MaxPrefixConfig
            {
                Limit = (uint)l,
                WarningPercent = (int)(percent ?? 75),
                RestartAfter = restart == TimeSpan.Zero ? null : restart,
            }
            : null;
    }

    private static Secret? ReadPassword(ConfigValue v, ErrorSink errors)
    {
        int bytes = Encoding.UTF8.GetByteCount(v.Text);
        if (bytes == 0)
        {
            errors.Add(v, "password must not be empty; leave the key out to disable TCP-MD5");
            return null;
        }
        if (bytes > MaxPasswordBytes)
        {
            errors.Add(v, $"password is {bytes} bytes; a TCP-MD5 key is at most {MaxPasswordBytes} bytes");
            return null;
        }
        return new Secret(v.Text);
    }

    private static string? ReadShutdownMessage(ConfigValue v, ErrorSink errors)
    {
        int bytes = Encoding.UTF8.GetByteCount(v.Text);
        if (bytes > MaxShutdownMessageBytes)
        {
            errors.Add(v, $"shutdownMessage is {bytes} bytes of UTF-8; RFC 9003 allows at most {MaxShutdownMessageBytes}");
            return null;
        }
        return v.Text;
    }
}
