using BgpSpeaker.Configuration.Schema;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>A network and the place its prefix was written, for duplicate checks.</summary>
internal readonly record struct PlacedNetwork(NetworkConfig Config, ConfigValue At);

/// <summary>Reads one entry of <c>networks</c>: a prefix we originate and its attributes.</summary>
internal static class NetworkReader
{
    private static readonly Dictionary<string, Community> WellKnownCommunities = new(StringComparer.Ordinal)
    {
        ["no-export"] = Community.NoExport,
        ["no-advertise"] = Community.NoAdvertise,
        ["no-export-subconfed"] = Community.NoExportSubconfed,
        ["graceful-shutdown"] = Community.GracefulShutdown,
    };

    public static PlacedNetwork? Read(YamlValue node, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.Network.Section, errors) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        var prefixAt = m.Scalar("prefix");
        var prefix = prefixAt is { } p ? ReadPrefix(p, errors) : null;
        if (m.ValueOf("prefix") is null)
        {
            m.Missing("network", "prefix", " (e.g. 10.0.0.10/32)");
        }
        var network = new NetworkConfig
        {
            Prefix = prefix ?? default,
            Communities = ReadEach(m, "communities", ReadCommunity),
            LargeCommunities = ReadEach(m, "largeCommunities", ReadLargeCommunity),
            Med = (uint?)m.Get(ConfigSchema.Network.Med),
            Health = m.ValueOf("health") is { } health ? HealthReader.Read(health, errors) : null,
        };
        return errors.Count == before && prefixAt is { } at ? new PlacedNetwork(network, at) : null;
    }

    /// <summary>"address/length" with no host bits set: "10.0.0.1/24" is a typo for something, so say which.</summary>
    public static Prefix? ReadPrefix(ConfigValue v, ErrorSink errors)
    {
        int slash = v.Text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !ScalarParser.TryParseAddress(v.Text[..slash], out var address)
            || !ScalarParser.TryDecimal(v.Text[(slash + 1)..], out ulong length))
        {
            errors.Add(v, $"{v.Label} must be address/length (e.g. 10.0.0.10/32 or 2001:db8::/64), got '{v.Text}'");
            return null;
        }
        var afi = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? Afi.Ipv4 : Afi.Ipv6;
        int max = afi == Afi.Ipv4 ? 32 : 128;
        if (length > (ulong)max)
        {
            errors.Add(v, $"{v.Label} length must be 0..{max} for {(afi == Afi.Ipv4 ? "IPv4" : "IPv6")}, got '{v.Text}'");
            return null;
        }
        var prefix = new Prefix(afi, IpAddresses.ToBits(address), (int)length);
        if (!prefix.Address.Equals(address))
        {
            errors.Add(v, $"{(v.FromEnvironment ? v.Label + ": " : "")}{v.Text} has host bits set; did you mean {prefix}?");
            return null;
        }
        return prefix;
    }

    private static ValueList<T> ReadEach<T>(MappingReader m, string key, Func<ConfigValue, ErrorSink, T?> parse) where T : struct
    {
        var values = new List<T>();
        foreach (var item in m.ScalarList(key) ?? [])
        {
            if (parse(item, m.Errors) is { } value)
            {
                values.Add(value);
            }
        }
        return values.ToValueList();
    }

    internal static Community? ReadCommunity(ConfigValue v, ErrorSink errors)
    {
        if (WellKnownCommunities.TryGetValue(v.Text, out var wellKnown))
        {
            return wellKnown;
        }
        var parts = v.Text.Split(':');
        if (parts.Length == 2 && ScalarParser.TryDecimal(parts[0], out ulong asn) && ScalarParser.TryDecimal(parts[1], out ulong value)
            && asn <= ushort.MaxValue && value <= ushort.MaxValue)
        {
            return new Community((ushort)asn, (ushort)value);
        }
        string names = string.Join(", ", WellKnownCommunities.Keys);
        errors.Add(v, $"{v.Label} must be asn:value (each 0..65535) or one of {names}, got '{v.Text}'");
        return null;
    }

    internal static LargeCommunity? ReadLargeCommunity(ConfigValue v, ErrorSink errors)
    {
        var parts = v.Text.Split(':');
        var numbers = new uint[3];
        if (parts.Length == 3 && Enumerable.Range(0, 3).All(i => TryUInt32(parts[i], out numbers[i])))
        {
            return new LargeCommunity(numbers[0], numbers[1], numbers[2]);
        }
        errors.Add(v, $"{v.Label} must be global:local1:local2 (each 0..4294967295), got '{v.Text}'");
        return null;
    }

    private static bool TryUInt32(string text, out uint value)
    {
        bool ok = ScalarParser.TryDecimal(text, out ulong n) && n <= uint.MaxValue;
        value = ok ? (uint)n : 0;
        return ok;
    }
}
