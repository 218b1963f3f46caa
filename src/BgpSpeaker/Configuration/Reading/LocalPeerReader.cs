using BgpSpeaker.Configuration.Schema;
using System.Net.Sockets;
using BgpSpeaker.Configuration.Yaml;
using BgpSpeaker.Routing.Policy;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Reads <c>localPeers</c>: the load-balancer speakers on this node (dynamic neighbors). Each entry
/// becomes a gate: a prefix list of its pools (host routes only) and an import policy that rejects
/// what lies outside them and then runs the operator's policy, if one is named.
/// </summary>
internal static class LocalPeerReader
{
    // Names become session names ("metallb-1") and metric labels.
    private const int MaxName = 32;

    /// <summary>A load balancer announces a few hundred addresses; a runaway one is stopped here.</summary>
    private static readonly MaxPrefixConfig DefaultMaxPrefixes = new() { Limit = 10_000, RestartAfter = TimeSpan.FromSeconds(30) };

    /// <summary>The entries, and the prefix lists and policies that gate them (added to the configuration's).</summary>
    public static (ValueList<LocalPeerConfig> Peers, List<PrefixList> Lists, List<PolicyDefinition> Policies) Read(
        IReadOnlyList<YamlValue> nodes, TimerConfig timers, ListenConfig listen, uint? localAs, IReadOnlyList<PolicyDefinition> policies,
        PolicyNames policyNames, ErrorSink errors)
    {
        var peers = new List<LocalPeerConfig>();
        var lists = new List<PrefixList>();
        var gates = new List<PolicyDefinition>();
        var firstByName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (ReadOne(node, timers, localAs, policies, policyNames, errors) is not { } entry)
            {
                continue;
            }
            var (peer, list, gate) = entry;
            if (!firstByName.TryAdd(peer.Name, node.Line))
            {
                errors.Add(node.Line, node.Column, $"local peer '{peer.Name}' is already defined at line {firstByName[peer.Name]}");
                continue;
            }
            if (peers.FirstOrDefault(p => p.Ranges.Any(a => peer.Ranges.Any(b => a.Contains(b) || b.Contains(a)))) is { } other)
            {
                errors.Add(node.Line, node.Column, $"local peer '{peer.Name}': its ranges overlap those of '{other.Name}'; a connection must belong to one entry");
            }
            if (listen.Addresses.Count == 0)
            {
                errors.Add(node.Line, node.Column, $"local peer '{peer.Name}' waits for connections but listen.addresses is empty");
            }
            peers.Add(peer);
            lists.Add(list);
            gates.Add(gate);
        }
        return (peers.ToValueList(), lists, gates);
    }

    private static (LocalPeerConfig, PrefixList, PolicyDefinition)? ReadOne(YamlValue node, TimerConfig timers, uint? localAs,
        IReadOnlyList<PolicyDefinition> policies, PolicyNames policyNames, ErrorSink errors)
    {
        if (MappingReader.Open(node, ConfigSchema.LocalPeer.Section, errors) is not { } m)
        {
            return null;
        }
        int before = errors.Count;
        string? name = m.Scalar("name") is { } n ? ReadName(n, errors) : null;
        if (m.ValueOf("name") is null)
        {
            m.Missing("local peer", "name", " (names its sessions, e.g. \"metallb\")");
        }
        var ranges = ReadPrefixes(m, "ranges");
        var iface = m.Scalar("interface") is { } i ? ReadInterface(i, errors) : null;
        if (m.ValueOf("ranges") is null && m.ValueOf("interface") is null)
        {
            m.Missing("local peer", "ranges", " or 'interface' (where the load balancer connects from, e.g. ranges: [\"169.254.100.0/30\"])");
        }
        var pools = ReadPrefixes(m, "pools");
        if (m.ValueOf("pools") is null)
        {
            m.Missing("local peer", "pools", " (the addresses the load balancer hands out, e.g. [\"10.96.0.0/12\"]: only /32 and /128 inside them are accepted)");
        }
        var remoteAs = ReadRemoteAs(m, localAs);
        var maxPeers = (int)(m.Get(ConfigSchema.LocalPeer.MaxPeers) ?? LocalPeerConfig.DefaultMaxPeers);
        bool isIpv6 = ranges?.Any(r => r.Afi == Afi.Ipv6) == true && ranges.All(r => r.Afi == Afi.Ipv6);
        var session = NeighborReader.ReadSession(m, timers, errors, isIpv6, remoteAs ?? RemoteAs.External);
        var userImport = m.Scalar("import") is { } im ? ReadImport(im, policies, errors) : null;
        var export = policyNames.Reference(m.Scalar("export"), errors) ?? PolicyReference.Reject;
        if (errors.Count > before || name is null || pools is null)
        {
            return null;
        }
        var peer = new LocalPeerConfig
        {
            Name = name,
            Ranges = ranges ?? [],
            Interface = iface,
            MaxPeers = maxPeers,
            Pools = pools,
            Session = session with
            {
                Description = name,
                Interface = iface,
                Passive = true,
                Redistribute = true,
                MaxPrefixes = session.MaxPrefixes ?? DefaultMaxPrefixes,
                Export = export,
            },
        };
        var list = new PrefixList(peer.PoolsListName, [.. pools.Select(p => PrefixListEntry.Create(p, ge: p.Afi == Afi.Ipv4 ? 32 : 128))]);
        PolicyTerm outside = new() { Match = new() { NotPrefixLists = [list.Name] }, Action = PolicyAction.Reject };
        var gate = new PolicyDefinition(peer.ImportPolicyName, [outside, .. userImport?.Terms ?? []], userImport?.Default ?? PolicyAction.Accept);
        return (peer with { Session = peer.Session with { Import = new PolicyReference(gate.Name) } }, list, gate);
    }

    private static string? ReadName(ConfigValue v, ErrorSink errors)
    {
        bool valid = v.Text.Length is > 0 and <= MaxName && v.Text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        if (!valid)
        {
            errors.Add(v, $"local peer name must be 1..{MaxName} letters, digits, '-' or '_', got '{v.Text}'");
            return null;
        }
        return v.Text;
    }

    private static string? ReadInterface(ConfigValue v, ErrorSink errors)
    {
        bool valid = v.Text.Length is > 0 and <= 15 && v.Text.All(c => c is > ' ' and < (char)0x7F && c is not ('/' or ':' or '*' or '?'));
        if (!valid)
        {
            errors.Add(v, $"'{v.Text}' is not an interface name (1..15 characters, no spaces, '/', ':' or patterns)");
            return null;
        }
        return v.Text;
    }

    private static ValueList<Prefix>? ReadPrefixes(MappingReader m, string key)
    {
        if (m.ScalarList(key) is not { } items)
        {
            return null;
        }
        if (items.Count == 0 && m.ValueOf(key) is { } empty)
        {
            m.Errors.Add(empty.Line, empty.Column, $"local peer {key} must list at least one prefix");
            return null;
        }
        var prefixes = new List<Prefix>();
        foreach (var item in items)
        {
            if (NetworkReader.ReadPrefix(item, m.Errors) is { } prefix)
            {
                prefixes.Add(prefix);
            }
        }
        return prefixes.ToValueList();
    }

    /// <summary>A number, a list of numbers, or <c>any</c> (any AS but ours); our own AS only alone (iBGP).</summary>
    private static RemoteAs? ReadRemoteAs(MappingReader m, uint? localAs)
    {
        switch (m.ValueOf("remoteAs"))
        {
            case null:
                m.Missing("local peer", "remoteAs", " (a number, a list of numbers, or \"any\" for any AS but ours)");
                return null;
            case YamlSequence:
                var asns = new List<uint>();
                foreach (var item in m.ScalarList("remoteAs") ?? [])
                {
                    if (ScalarParser.Asn(item, m.Errors) is not { } asn)
                    {
                        continue;
                    }
                    if (asn == localAs)
                    {
                        m.Errors.Add(item, $"remoteAs lists our own AS {asn}; a list takes external ASes (for iBGP give the number alone)");
                    }
                    else if (!asns.Contains(asn))
                    {
                        asns.Add(asn);
                    }
                }
                return asns.Count > 0 ? RemoteAs.AnyOf(asns.ToValueList()) : null;
            default:
                return m.Scalar("remoteAs") is { } v
                    ? v.Text == "any" ? RemoteAs.External : ScalarParser.RemoteAs(v, m.Errors)
                    : null;
        }
    }

    /// <summary>The operator's import runs after the pools gate, so it must be a policy with terms, not a preset.</summary>
    private static PolicyDefinition? ReadImport(ConfigValue v, IReadOnlyList<PolicyDefinition> policies, ErrorSink errors)
    {
        if (policies.FirstOrDefault(p => p.Name == v.Text) is { } policy)
        {
            return policy;
        }
        string hint = Suggestions.Hint(v.Text, policies.Select(p => p.Name).ToList());
        errors.Add(v, $"local peer import must name a policy under policies (it runs after the pools check; without import, every host route inside the pools is accepted){hint}");
        return null;
    }
}
