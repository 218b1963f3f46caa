namespace BgpSpeaker.Control;

// What the control socket answers for show summary, show neighbors and memory: plain records serialised by
// the source-generated ControlJson (AOT-safe) and read back by the CLI with the same types. Optional
// members are null and then left out of the JSON.

/// <summary>show summary / show neighbors [NAME] / memory.</summary>
internal sealed record StatusView
{
    public required uint Asn { get; init; }
    public required string RouterId { get; init; }
    public string? Error { get; init; }
    public MemoryView? Memory { get; init; }
    public long? OpenFileDescriptors { get; init; }
    public RouterDiscoveryView? RouterDiscovery { get; init; }
    public LinkMonitorView? LinkMonitor { get; init; }
    public FibTotalsView? Fib { get; init; }
    public IReadOnlyList<LocalPeerView>? LocalPeers { get; init; }
    public int? AttributeSets { get; init; }
    public int? LocRibIpv4 { get; init; }
    public int? LocRibIpv6 { get; init; }
    public IReadOnlyList<NeighborView>? Neighbors { get; init; }
}

internal sealed record MemoryView(long ManagedBytes, long GcHeapBytes, long WorkingSetBytes, int FullCollections);

internal sealed record RouterDiscoveryView(long AdvertisementsSent, long AdvertisementsReceived, long SolicitationsSent, long SolicitationsReceived,
    long MalformedDropped, long WrongHopLimitDropped, long SendFailures, string? LastMalformed);

internal sealed record LinkMonitorView(long Overruns, long Malformed, long DumpFailures);

/// <summary>A localPeers entry: its sessions (slots) and the connections it refused, by why.</summary>
internal sealed record LocalPeerView(string Name, IReadOnlyList<string> Ranges, string? Interface, string RemoteAs, IReadOnlyList<string> Pools,
    int MaxPeers, int Established, IReadOnlyList<string> Sessions, LocalRefusalsView ConnectionsRefused);

internal sealed record LocalRefusalsView(long MaxPeers, long Interface);

internal sealed record FibTotalsView(int RoutesWanted, long Pending, long RoutesInstalled, long RoutesDeleted, long Failures, long Reconciliations);

internal sealed record NeighborView
{
    public required string Name { get; init; }
    public string? Address { get; init; }
    public string? Description { get; init; }
    public required string RemoteAs { get; init; }
    public PortView? Interface { get; init; }
    public required string State { get; init; }
    public bool Passive { get; init; }
    public int ConnectRetrySeconds { get; init; }
    public long? UptimeSeconds { get; init; }
    public long? DownSeconds { get; init; }
    public SessionView? Session { get; init; }
    public int PrefixesReceived { get; init; }
    public int PrefixesReceivedIpv4 { get; init; }
    public int PrefixesReceivedIpv6 { get; init; }
    public int PrefixesAdvertised { get; init; }
    public IReadOnlyDictionary<string, string>? NotAnnounced { get; init; }
    public int Flaps { get; init; }
    public required AnnouncementsView Announcements { get; init; }
    public long MalformedUpdates { get; init; }
    public IReadOnlyList<MalformedView>? RecentMalformedUpdates { get; init; }
    public long SendQueueBytes { get; init; }
    public required MessagesView MessagesReceived { get; init; }
    public required MessagesView MessagesSent { get; init; }
    public DownView? LastDown { get; init; }
    public DownView? LastFailedAttempt { get; init; }
}

/// <summary>A fabric peer's interface: the link, the leaf learned there, and where it stands in words.</summary>
internal sealed record PortView(string Name, int Index, bool LinkUp, string? PeerAddress, string State);

internal sealed record SessionView(uint PeerAs, string PeerRouterId, string? PeerHostname, int HoldTime, int Keepalive, IReadOnlyList<string> Families,
    bool FourOctetAs, bool ExtendedNextHop, bool RouteRefresh, bool EnhancedRouteRefresh, int MaxMessageSize);

internal sealed record AnnouncementsView(long Received, long Accepted, long RejectedByPolicy, long RejectedAsLoop, long TreatedAsWithdraw);

internal sealed record MalformedView(string At, string Handling, string Reason, string Attribute, IReadOnlyList<string> Prefixes, int MorePrefixes);

internal sealed record MessagesView(long Open, long Update, long Notification, long Keepalive, long RouteRefresh, long Total);

/// <param name="Kind">What ended it, as metrics group it (DownKind).</param>
internal sealed record DownView(string Kind, string Reason, string At);

/// <summary>show fib: what we want installed, what the kernel holds of ours, and where they differ.</summary>
internal sealed record FibJsonView(uint Table, int Protocol, int Desired, int InKernel, long Pending, int StaleFromPreviousRun, bool InSync,
    string? DumpError, FibCountersView Counters, IReadOnlyList<FibRouteView> Routes, IReadOnlyList<FibDifferenceView> Differences);

internal sealed record FibCountersView(long RoutesInstalled, long RoutesDeleted, long Failures, long Reconciliations);

internal sealed record FibRouteView(string Prefix, IReadOnlyList<string> NextHops);

/// <param name="Want">Our next hops, empty when we want no route; <paramref name="Kernel"/> the kernel's, empty when it has none.</param>
internal sealed record FibDifferenceView(string Prefix, string Want, string Kernel);

/// <summary>config diff: what a reload applies to running sessions, the sessions it ends (shutdown), and what waits for a restart.</summary>
internal sealed record ConfigDiffView(IReadOnlyList<string> AppliedByReload, IReadOnlyList<string> WaitsForRestart, IReadOnlyList<string> SessionsEnded);

/// <summary>config validate -o json: the verdict, every error and warning with its place, and what a valid file configures.</summary>
internal sealed record ConfigValidateView(string File, bool Valid, IReadOnlyList<ConfigProblemView> Errors, IReadOnlyList<ConfigProblemView> Warnings,
    ConfigSummaryView? Summary);

/// <summary>Line and column are 1-based; 0 when the problem has no place in the file (an environment variable, the host).</summary>
internal sealed record ConfigProblemView(string Source, int Line, int Column, string Message);

internal sealed record ConfigSummaryView(uint Asn, string RouterId, int Neighbors, IReadOnlyList<string> FabricInterfaces, int LocalPeers, int Networks,
    int PrefixLists, int Policies);

/// <summary>clear neighbor: who, and what was done in words.</summary>
internal sealed record ClearView(string Neighbor, bool Soft, string Done);

/// <summary>Any command that could not be done, and why.</summary>
internal sealed record ErrorView(string Error);

/// <summary>show health: every health-gated network, what its state imposes, and each probe's last results.</summary>
internal sealed record HealthView(IReadOnlyList<NetworkHealthView> Networks);

/// <param name="Announced">"yes", "no (withdrawn)" or "yes, with MED 1000" and the like.</param>
/// <param name="FabricSessions">Fabric sessions Established at the last check, when the network is gated on them.</param>
internal sealed record NetworkHealthView(string Prefix, bool Healthy, string Announced, string OnFailure, int IntervalSeconds, int? FabricSessions,
    int MinFabricSessions, IReadOnlyList<ProbeView> Probes);

/// <param name="Streak">Successes (positive) or failures (negative) in a row.</param>
internal sealed record ProbeView(string Probe, string State, int Streak, int Rise, int Fall, string LastResult, string? LastChecked);

/// <summary>show routes: a page of the Loc-RIB in prefix order; <see cref="Next"/> is where the next page starts (after it).</summary>
internal sealed record RoutesView
{
    public required uint Asn { get; init; }
    public required string RouterId { get; init; }
    public string? Error { get; init; }
    public string? Next { get; init; }
    public IReadOnlyList<RouteView>? Routes { get; init; }
}

/// <param name="Paths">Equal-cost paths the prefix has.</param>
internal sealed record RouteView(string Prefix, string NextHop, string Peer, int Paths, string AsPath, string Origin, uint? Med, uint? LocalPref,
    IReadOnlyList<string>? Communities, IReadOnlyList<string>? LargeCommunities);

/// <summary>show route PREFIX: every path and where it stood in the decision process.</summary>
internal sealed record DecisionView
{
    public required uint Asn { get; init; }
    public required string RouterId { get; init; }
    public string? Error { get; init; }
    public string? Prefix { get; init; }
    public IReadOnlyList<PathView>? Paths { get; init; }
}

/// <param name="Outcome">"best", or "lost at" the decision step.</param>
internal sealed record PathView(string Peer, string NextHop, string AsPath, string Origin, uint LocalPref, uint? Med, IReadOnlyList<string>? Communities,
    IReadOnlyList<string>? LargeCommunities, bool Best, bool Multipath, string Outcome);
