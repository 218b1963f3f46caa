using BgpSpeaker.Configuration.Schema;
using System.Net;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Routing.Decision;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>Reads the top-level mapping, applies environment overrides, and checks what spans entries.</summary>
internal static class SpeakerReader
{
    // The hostname capability carries the name with a one-octet length.
    private const int MaxHostnameBytes = 255;

    public static SpeakerConfig? Read(YamlValue root, EnvironmentReader environment, ErrorSink errors)
    {
        if (MappingReader.Open(root, ConfigSchema.Root.Section, errors) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var asn = Required(m, environment, "asn", EnvironmentOverrides.Asn, ScalarParser.Asn, "an AS number");
        var routerId = Required(m, environment, "routerId", EnvironmentOverrides.RouterId, ReadRouterId, "an IPv4 address");
        var hostnameAt = environment.Override(EnvironmentOverrides.Hostname, m.Scalar("hostname"));
        var hostname = hostnameAt is { } h ? ReadHostname(h, errors) : null;
        var listen = ReadListen(m, environment);
        var timers = m.ValueOf("timers") is { } t && MappingReader.Open(t, ConfigSchema.Timers.Section, errors) is { } tm
            ? TimerReader.Resolve(TimerReader.Read(tm), TimerConfig.Default, errors)
            : TimerConfig.Default;
        var multipath = m.ValueOf("multipath") is { } mp && MappingReader.Open(mp, ConfigSchema.Multipath.Section, errors) is { } mm
            ? new MultipathOptions
            {
                MaximumPaths = (int)(mm.Get(ConfigSchema.Multipath.MaximumPaths) ?? (ulong)MultipathOptions.Default.MaximumPaths),
                AsPathRelax = mm.Get(ConfigSchema.Multipath.AsPathRelax) ?? MultipathOptions.Default.AsPathRelax,
            }
            : MultipathOptions.Default;
        var prefixLists = m.ValueOf("prefixLists") is { } pl ? PrefixListReader.Read(pl, errors) : [];
        var policies = m.ValueOf("policies") is { } pn ? PolicyReader.Read(pn, ListNames(m.ValueOf("prefixLists")), errors) : [];
        var policyNames = new PolicyNames(policies, asn);
        var neighbors = ReadNeighbors(m, timers, listen, policyNames);
        var fabric = m.ValueOf("fabric") is { } fb && FabricReader.Read(fb, timers, errors) is var (f, placed)
            ? f with { Session = policyNames.Resolve(placed, errors) }
            : null;
        var (localPeers, poolLists, poolGates) = LocalPeerReader.Read(m.Sequence("localPeers") ?? [], timers, listen, asn, policies, policyNames, errors);
        var fib = m.ValueOf("fib") is { } fi ? FibReader.Read(fi, errors) : FibConfig.Default;
        var metrics = m.ValueOf("metrics") is { } me ? MetricsReader.Read(me, errors) : null;
        var networks = ReadNetworks(m, environment);
        if (errors.Count > before || asn is null || routerId is null)
        {
            return null;
        }
        return new SpeakerConfig
        {
            Asn = asn.Value,
            RouterId = routerId,
            Hostname = hostname,
            Listen = listen,
            Timers = timers,
            Multipath = multipath,
            Neighbors = neighbors,
            Fabric = fabric,
            LocalPeers = localPeers,
            Fib = fib ?? FibConfig.Default,
            Metrics = metrics,
            Networks = networks,
            PrefixLists = [.. prefixLists, .. poolLists],
            Policies = [.. policies, .. poolGates],
        };
    }

    // Every name written under prefixLists, valid or not: a policy naming a list with a bad entry
    // should get one error (the entry's), not a second "unknown prefix list".
    private static HashSet<string> ListNames(YamlValue? pl) =>
        pl is YamlMapping mapping ? [.. mapping.Entries.Select(e => e.Key.Text)] : [];

    private static T? Required<T>(MappingReader m, EnvironmentReader environment, string key, string variable,
        Func<ConfigValue, ErrorSink, T?> parse, string what)
    {
        if (environment.Override(variable, m.Scalar(key)) is { } value)
        {
            return parse(value, m.Errors);
        }
        if (m.ValueOf(key) is null)
        {
            m.Missing("the configuration", key, $" ({what}; or set {variable})");
        }
        return default;
    }

    private static IPAddress? ReadRouterId(ConfigValue v, ErrorSink errors)
    {
        var address = ScalarParser.Ipv4(v, errors);
        if (address is not null && address.Equals(IPAddress.Any))
        {
            errors.Add(v, $"{v.Label} must not be 0.0.0.0 (RFC 6286: the BGP identifier is non-zero)");
            return null;
        }
        return address;
    }

    private static string? ReadHostname(ConfigValue v, ErrorSink errors)
    {
        bool valid = v.Text.Length is > 0 and <= MaxHostnameBytes && v.Text.All(c => char.IsAscii(c) && c > ' ' && c < 0x7F);
        if (!valid)
        {
            errors.Add(v, $"{v.Label} must be 1..{MaxHostnameBytes} printable ASCII characters without spaces, got '{v.Text}'");
            return null;
        }
        return v.Text;
    }

    private static ListenConfig ReadListen(MappingReader m, EnvironmentReader environment)
    {
        var listen = m.ValueOf("listen") is { } node ? MappingReader.Open(node, ConfigSchema.Listen.Section, m.Errors) : null;
        var portAt = environment.Override(EnvironmentOverrides.ListenPort, listen?.Scalar("port"));
        var port = portAt is { } p ? ScalarParser.Number(p, m.Errors, 1, ushort.MaxValue) : null;
        var addresses = listen?.ScalarList("addresses") is { } list ? ReadListenAddresses(list, m.Errors) : null;
        return new ListenConfig
        {
            Port = (int)(port ?? (ulong)ListenConfig.Default.Port),
            Addresses = addresses ?? ListenConfig.Default.Addresses,
        };
    }

    private static ValueList<IPAddress> ReadListenAddresses(IReadOnlyList<ConfigValue> values, ErrorSink errors)
    {
        var addresses = new List<IPAddress>();
        foreach (var value in values)
        {
            if (ScalarParser.Address(value, errors) is not { } address)
            {
                continue;
            }
            if (address.IsIPv6LinkLocal)
            {
                errors.Add(value, $"listen address {address} is link-local; listen on :: instead");
            }
            else if (addresses.Contains(address))
            {
                errors.Add(value, $"listen address {address} is listed twice");
            }
            else
            {
                addresses.Add(address);
            }
        }
        return addresses.ToValueList();
    }

    private static ValueList<NeighborConfig> ReadNeighbors(MappingReader m, TimerConfig timers, ListenConfig listen, PolicyNames policies)
    {
        var placed = new List<PlacedNeighbor>();
        foreach (var node in m.Sequence("neighbors") ?? [])
        {
            if (NeighborReader.Read(node, timers, m.Errors) is { } neighbor)
            {
                placed.Add(neighbor with { Config = policies.Resolve(neighbor, m.Errors) });
            }
        }
        var firstByKey = new Dictionary<string, PlacedNeighbor>(StringComparer.Ordinal);
        foreach (var neighbor in placed)
        {
            string key = neighbor.Config.Key;
            if (!firstByKey.TryAdd(key, neighbor))
            {
                m.Errors.Add(neighbor.At, $"neighbor {key} is already defined at line {firstByKey[key].At.Line}");
            }
            if (neighbor.Config.Passive && listen.Addresses.Count == 0)
            {
                m.Errors.Add(neighbor.At, $"neighbor {key} is passive but listen.addresses is empty: it could never connect");
            }
        }
        return placed.Select(n => n.Config).ToValueList();
    }

    /// <summary>The file's networks, then those of <see cref="EnvironmentOverrides.Networks"/> (plain, always announced); each prefix once.</summary>
    private static ValueList<NetworkConfig> ReadNetworks(MappingReader m, EnvironmentReader environment)
    {
        var fromFile = (m.Sequence("networks") ?? []).Select(node => NetworkReader.Read(node, m.Errors));
        var fromEnvironment = environment.Items(EnvironmentOverrides.Networks).Select(item =>
            NetworkReader.ReadPrefix(item, m.Errors) is { } prefix ? new PlacedNetwork(new NetworkConfig { Prefix = prefix }, item) : (PlacedNetwork?)null);
        var networks = new List<NetworkConfig>();
        var firstByPrefix = new Dictionary<Wire.Nlri.Prefix, PlacedNetwork>();
        foreach (var network in fromFile.Concat(fromEnvironment).OfType<PlacedNetwork>())
        {
            var prefix = network.Config.Prefix;
            if (firstByPrefix.TryAdd(prefix, network))
            {
                networks.Add(network.Config);
            }
            else
            {
                m.Errors.Add(network.At, Repeated(prefix, network.At, firstByPrefix[prefix].At));
            }
        }
        return networks.ToValueList();
    }

    private static string Repeated(Wire.Nlri.Prefix prefix, ConfigValue at, ConfigValue first) => (at.FromEnvironment, first.FromEnvironment) switch
    {
        (false, _) => $"network {prefix} is already defined at line {first.Line}",
        (true, false) => $"{at.Label}: network {prefix} is already defined in the file at line {first.Line}",
        (true, true) => $"{at.Label} names {prefix} twice",
    };
}
