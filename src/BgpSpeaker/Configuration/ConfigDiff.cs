namespace BgpSpeaker.Configuration;

public sealed partial record SpeakerConfig
{
    /// <summary>What a reload from this configuration to <paramref name="next"/> must do.</summary>
    public ConfigDiff Diff(SpeakerConfig next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var oldNeighbors = Neighbors.ToDictionary(n => n.Key, StringComparer.Ordinal);
        var newNeighbors = next.Neighbors.ToDictionary(n => n.Key, StringComparer.Ordinal);
        var oldNetworks = Networks.ToDictionary(n => n.Prefix);
        var newNetworks = next.Networks.ToDictionary(n => n.Prefix);
        return new ConfigDiff
        {
            IdentityChanged = Asn != next.Asn || !RouterId.Equals(next.RouterId),
            HostnameChanged = Hostname != next.Hostname,
            ListenChanged = Listen != next.Listen,
            MultipathChanged = Multipath != next.Multipath,
            FabricChanged = !Equals(Fabric, next.Fabric),
            LocalPeersChanged = !LocalPeers.Select(l => l.WithoutPools).SequenceEqual(next.LocalPeers.Select(l => l.WithoutPools)),
            FibChanged = Fib != next.Fib,
            MetricsChanged = Metrics != next.Metrics,
            AddedNeighbors = next.Neighbors.Where(n => !oldNeighbors.ContainsKey(n.Key)).ToValueList(),
            RemovedNeighbors = Neighbors.Where(n => !newNeighbors.ContainsKey(n.Key)).ToValueList(),
            ChangedNeighbors = next.Neighbors
                .Where(n => oldNeighbors.TryGetValue(n.Key, out var old) && old != n)
                .Select(n => NeighborChange.Between(oldNeighbors[n.Key], n))
                .ToValueList(),
            AddedNetworks = next.Networks.Where(n => !oldNetworks.ContainsKey(n.Prefix)).ToValueList(),
            RemovedNetworks = Networks.Where(n => !newNetworks.ContainsKey(n.Prefix)).ToValueList(),
            ChangedNetworks = next.Networks
                .Where(n => oldNetworks.TryGetValue(n.Prefix, out var old) && old != n)
                .ToValueList(),
            ChangedPolicies = ChangedPolicyNames(next),
        };
    }

    /// <summary>
    /// Policies whose meaning changed: added, removed, redefined, or naming a prefix list that changed
    /// (or, for the prepend default, our AS). Neighbors keep naming them, so their config is unchanged.
    /// </summary>
    private ValueList<string> ChangedPolicyNames(SpeakerConfig next)
    {
        var oldLists = PrefixLists.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var newLists = next.PrefixLists.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var oldPolicies = Policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var newPolicies = next.Policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        bool Changed(string name) =>
            !oldPolicies.TryGetValue(name, out var old) || !newPolicies.TryGetValue(name, out var now) || old != now || Asn != next.Asn
            || now.Terms.SelectMany(t => t.Match.PrefixLists.Concat(t.Match.NotPrefixLists)).Any(l => !Equals(oldLists.GetValueOrDefault(l), newLists.GetValueOrDefault(l)));
        return oldPolicies.Keys.Union(newPolicies.Keys, StringComparer.Ordinal).Where(Changed).ToValueList();
    }
}

/// <summary>The difference between two configurations, for reload on SIGHUP.</summary>
public sealed record ConfigDiff
{
    /// <summary>The AS or router id changed: every session must restart.</summary>
    public bool IdentityChanged { get; init; }

    /// <summary>The hostname capability changed; it reaches peers only with a new OPEN.</summary>
    public bool HostnameChanged { get; init; }

    /// <summary>The listening sockets must be rebound.</summary>
    public bool ListenChanged { get; init; }

    /// <summary>The ECMP settings changed: every prefix would need a new decision; applied at restart.</summary>
    public bool MultipathChanged { get; init; }

    /// <summary>The fabric interfaces or their session settings changed: applied at restart.</summary>
    public bool FabricChanged { get; init; }

    /// <summary>A local peer's ranges, interface, AS or session settings changed (pools and import apply in place, as policies).</summary>
    public bool LocalPeersChanged { get; init; }

    public bool FibChanged { get; init; }

    /// <summary>The metrics endpoint moved, appeared or went: applied at restart.</summary>
    public bool MetricsChanged { get; init; }

    public ValueList<NeighborConfig> AddedNeighbors { get; init; } = [];

    public ValueList<NeighborConfig> RemovedNeighbors { get; init; } = [];

    public ValueList<NeighborChange> ChangedNeighbors { get; init; } = [];

    public ValueList<NetworkConfig> AddedNetworks { get; init; } = [];

    public ValueList<NetworkConfig> RemovedNetworks { get; init; } = [];

    /// <summary>Networks whose prefix stayed but whose attributes changed (the new settings).</summary>
    public ValueList<NetworkConfig> ChangedNetworks { get; init; } = [];

    /// <summary>Named policies added, removed or whose meaning changed: neighbors naming them must re-evaluate.</summary>
    public ValueList<string> ChangedPolicies { get; init; } = [];

    public bool IsEmpty => this == new ConfigDiff();

    /// <summary>Neighbor settings whose change makes the peer resend its routes (ROUTE-REFRESH) under the new import rules.</summary>
    public static IReadOnlySet<string> ImportSettings { get; } = new HashSet<string>(StringComparer.Ordinal) { "import", "allowAsIn" };

    /// <summary>What a reload cannot apply to running sessions, in words: it waits for a restart.</summary>
    public IEnumerable<string> WaitingForRestart()
    {
        foreach (var (changed, what) in new[] { (IdentityChanged, "asn or routerId"), (HostnameChanged, "hostname"), (ListenChanged, "listen"), (MultipathChanged, "multipath"), (FabricChanged, "fabric"), (LocalPeersChanged, "localPeers (their pools and import apply now)"), (FibChanged, "fib"), (MetricsChanged, "metrics") })
        {
            if (changed)
            {
                yield return what;
            }
        }
        foreach (var neighbor in AddedNeighbors)
        {
            yield return $"new neighbor {neighbor.Key}";
        }
        foreach (var neighbor in RemovedNeighbors)
        {
            yield return $"removing neighbor {neighbor.Key}";
        }
        foreach (var change in ChangedNeighbors.Where(c => c.RequiresReset))
        {
            yield return $"neighbor {change.New.Key}: {string.Join(", ", change.Settings.Where(s => !ImportSettings.Contains(s) && s != "export"))}";
        }
        foreach (var network in AddedNetworks.Concat(ChangedNetworks).Where(n => n.Health is not null))
        {
            yield return $"network {network.Prefix}: health-gated, so added or changed only at a restart";
        }
    }

    /// <summary>The only sessions a reload ends: neighbors it shuts down (a Cease, RFC 8203 administrative shutdown).</summary>
    public IEnumerable<string> SessionsEndedByReload() =>
        ChangedNeighbors.Where(c => c.Settings.Contains("shutdown") && c.New.Shutdown)
            .Select(c => $"neighbor {c.New.Key}: shut down (Cease{(c.New.ShutdownMessage is { } m ? $", \"{m}\"" : "")})");

    /// <summary>What a reload applies under running sessions, in words, without resetting them.</summary>
    public IEnumerable<string> AppliedInPlace(SpeakerConfig next)
    {
        foreach (var change in ChangedNeighbors)
        {
            var settings = change.Settings;
            var quiet = settings.Where(s => !ImportSettings.Contains(s) && s is not ("export" or "nextHop" or "shutdown") && !change.RequiresReset).ToList();
            if (quiet.Count > 0)
            {
                yield return $"neighbor {change.New.Key}: {string.Join(", ", quiet)} take effect";
            }
            if (settings.Contains("shutdown") && !change.New.Shutdown)
            {
                yield return $"neighbor {change.New.Key}: started again";
            }
        }
        foreach (var neighbor in next.Neighbors.Where(n => !AddedNeighbors.Any(a => a.Key == n.Key)))
        {
            var settings = ChangedNeighbors.FirstOrDefault(c => c.New.Key == neighbor.Key)?.Settings ?? [];
            if (settings.Any(ImportSettings.Contains) || ChangedPolicies.Contains(neighbor.Import.Name))
            {
                yield return $"neighbor {neighbor.Key}: import re-evaluated (ROUTE-REFRESH: the peer resends its routes)";
            }
            if (settings.Contains("export") || settings.Contains("nextHop") || ChangedPolicies.Contains(neighbor.Export.Name))
            {
                yield return $"neighbor {neighbor.Key}: export re-evaluated (only the difference is sent)";
            }
        }
        foreach (var (networks, sign) in new[] { (AddedNetworks.Where(n => n.Health is null).ToValueList(), "announced"), (RemovedNetworks, "withdrawn"),
            (ChangedNetworks.Where(n => n.Health is null).ToValueList(), "re-announced with new attributes") })
        {
            if (networks.Count > 0)
            {
                yield return $"network(s) {string.Join(", ", networks.Select(n => n.Prefix))} {sign}";
            }
        }
        if (ChangedPolicies.Count > 0)
        {
            yield return $"polic{(ChangedPolicies.Count == 1 ? "y" : "ies")} {string.Join(", ", ChangedPolicies)} changed";
        }
    }
}

/// <summary>A neighbor present in both configurations with different settings.</summary>
/// <param name="Settings">The YAML names of the settings that differ, e.g. "holdTime", "description".</param>
public sealed record NeighborChange(NeighborConfig Old, NeighborConfig New, ValueList<string> Settings)
{
    // Settings a running session can take without a new OPEN or a new TCP connection.
    private static readonly HashSet<string> AppliedInPlace =
    [
        "description", "passive", "connectRetry", "delayOpen", "idleHold", "maxPrefixes", "shutdown", "shutdownMessage", "import", "export",
        "allowAsIn", "nextHop",
    ];

    /// <summary>Settings the session runner takes in place (the rest of the in-place ones are the routing loop's).</summary>
    public static IReadOnlySet<string> SessionSettings { get; } = new HashSet<string>(StringComparer.Ordinal) { "passive", "connectRetry", "delayOpen", "idleHold" };

    private static readonly (string Name, Func<NeighborConfig, object?> Get)[] Compared =
    [
        ("remoteAs", n => n.RemoteAs), ("description", n => n.Description), ("passive", n => n.Passive),
        ("holdTime", n => n.Timers.HoldTime), ("keepalive", n => n.Timers.Keepalive), ("connectRetry", n => n.Timers.ConnectRetry),
        ("idleHold", n => n.Timers.IdleHold),
        ("password", n => n.Password), ("ttlSecurity", n => n.TtlSecurity), ("families", n => n.Families),
        ("extendedNextHop", n => n.ExtendedNextHop), ("maxPrefixes", n => n.MaxPrefixes), ("delayOpen", n => n.DelayOpen),
        ("shutdown", n => n.Shutdown), ("shutdownMessage", n => n.ShutdownMessage), ("import", n => n.Import),
        ("export", n => n.Export), ("redistribute", n => n.Redistribute), ("allowAsIn", n => n.AllowAsIn), ("nextHop", n => n.NextHop),
    ];

    /// <summary>The YAML names of every setting the diff compares.</summary>
    public static IReadOnlyList<string> ComparedSettings { get; } = [.. Compared.Select(c => c.Name)];

    /// <summary>Whether an established session must be reset to apply the change (a new OPEN or transport).</summary>
    public bool RequiresReset => Settings.Any(s => !AppliedInPlace.Contains(s));

    internal static NeighborChange Between(NeighborConfig old, NeighborConfig next) =>
        new(old, next, Compared.Where(c => !Equals(c.Get(old), c.Get(next))).Select(c => c.Name).ToValueList());
}
