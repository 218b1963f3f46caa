namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>
/// A normalised equal-cost next-hop set: distinct and sorted, so two sets with the same members are
/// equal whatever order the routing core listed them in. The writer interns them: a million routes
/// over the same two uplinks share one instance.
/// </summary>
internal sealed class NextHopSet : IEquatable<NextHopSet>
{
    private readonly int _hash;

    public NextHopSet(FibNextHop[] sortedDistinct)
    {
        Members = sortedDistinct;
        CanBeObject = Array.TrueForAll(sortedDistinct, m => m.InterfaceIndex > 0);
        var hash = new HashCode();
        foreach (var member in sortedDistinct)
        {
            hash.Add(member);
        }
        _hash = hash.ToHashCode();
    }

    public FibNextHop[] Members { get; }

    /// <summary>Every member names its interface: the kernel requires a device for a nexthop object.</summary>
    public bool CanBeObject { get; }

    private Netlink.NetlinkError? _ipv4Problem, _ipv6Problem;
    private bool _ipv4Checked, _ipv6Checked;

    /// <summary>Why routes of <paramref name="family"/> cannot use this set (null when they can); checked once per set and family.</summary>
    public Netlink.NetlinkError? ProblemFor(Wire.Nlri.Afi family)
    {
        if (family == Wire.Nlri.Afi.Ipv4)
        {
            if (!_ipv4Checked)
            {
                _ipv4Problem = FibRouteMapping.Validate(family, Members);
                _ipv4Checked = true;
            }
            return _ipv4Problem;
        }
        if (!_ipv6Checked)
        {
            _ipv6Problem = FibRouteMapping.Validate(family, Members);
            _ipv6Checked = true;
        }
        return _ipv6Problem;
    }

    public static NextHopSet From(IReadOnlyList<FibNextHop> nextHops)
    {
        var members = new FibNextHop[nextHops.Count];
        for (int i = 0; i < members.Length; i++)
        {
            members[i] = nextHops[i];
        }
        Array.Sort(members);
        int distinct = 0;
        foreach (var member in members)
        {
            if (distinct == 0 || !members[distinct - 1].Equals(member))
            {
                members[distinct++] = member;
            }
        }
        return new NextHopSet(distinct == members.Length ? members : members[..distinct]);
    }

    public bool Equals(NextHopSet? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && Members.AsSpan().SequenceEqual(other.Members)));

    public override bool Equals(object? obj) => obj is NextHopSet other && Equals(other);

    public override int GetHashCode() => _hash;
}
