using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Routing.Export;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Reads <c>fabric</c>: the interfaces to peer on, unnumbered, and the session settings each leaf gets
/// (the keys of a neighbor, less its address and interface). The sessions are IPv6 link-local, so both
/// unicast families and RFC 8950 extended next hop are on unless stated.
/// </summary>
internal static class FabricReader
{
    // Linux IFNAMSIZ is 16 including the terminating NUL.
    private const int MaxInterfaceName = 15;

    private static readonly Dictionary<string, LinkLocalNextHopForm> Forms = new(StringComparer.Ordinal)
    {
        ["link-local-twice"] = LinkLocalNextHopForm.Both,
        ["unspecified-and-link-local"] = LinkLocalNextHopForm.UnspecifiedGlobal,
        ["link-local-only"] = LinkLocalNextHopForm.LinkLocalOnly,
    };

    /// <summary>The fabric and where it was written (for policy defaults); null when invalid (reported).</summary>
    public static (FabricConfig Fabric, PlacedNeighbor Placed)? Read(YamlValue node, TimerConfig globalTimers, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Fabric.Section, errors) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var interfaces = ReadInterfaces(m);
        var session = NeighborReader.ReadSession(m, globalTimers, errors, isIpv6: true) with { Description = "fabric" };
        var form = m.Get("nextHopForm", (v, e) => ScalarParser.Choice(v, e, Forms)) ?? LinkLocalNextHopForm.Both;
        var ra = (m.ValueOf("routerAdvertisements") is { } r ? ReadRouterAdvertisements(r, errors) : null) ?? new RouterAdvertisementConfig();
        if (errors.Count > before || interfaces is null)
        {
            return null;
        }
        var at = new ConfigValue("fabric", "fabric", node.Line, node.Column, false);
        var fabric = new FabricConfig { Interfaces = interfaces, Session = session, NextHopForm = form, RouterAdvertisements = ra };
        return (fabric, new PlacedNeighbor(session, at, m.Scalar("import"), m.Scalar("export")));
    }

    private static ValueList<string>? ReadInterfaces(MappingReader m)
    {
        if (m.ScalarList("interfaces") is not { } names)
        {
            if (m.ValueOf("interfaces") is null)
            {
                m.Missing("fabric", "interfaces", " (interface names or patterns, e.g. [\"eth1\", \"eth2\"] or [\"enp*s0f*\"])");
            }
            return null;
        }
        if (names.Count == 0 && m.ValueOf("interfaces") is { } empty)
        {
            m.Errors.Add(empty.Line, empty.Column, "fabric.interfaces must list at least one interface name or pattern");
            return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            bool valid = name.Text.Length is > 0 and <= MaxInterfaceName
                && name.Text.All(c => c is > ' ' and < (char)0x7F && c is not ('/' or ':'));
            if (!valid)
            {
                m.Errors.Add(name, $"'{name.Text}' is not an interface name or pattern (1..{MaxInterfaceName} characters, no spaces, '/' or ':')");
            }
            else if (!seen.Add(name.Text))
            {
                m.Errors.Add(name, $"interface '{name.Text}' is listed twice in fabric.interfaces");
            }
        }
        return [.. names.Select(n => n.Text)];
    }

    private static RouterAdvertisementConfig? ReadRouterAdvertisements(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Fabric.RouterAdvertisementsSection, errors) is not { } m)
        {
            return null;
        }
        var interval = m.Get(ConfigSchema.Fabric.Interval);
        var lifetime = m.Get(ConfigSchema.Fabric.Lifetime);
        var defaults = new RouterAdvertisementConfig();
        return new RouterAdvertisementConfig { Interval = interval ?? defaults.Interval, Lifetime = lifetime ?? defaults.Lifetime };
    }
}
