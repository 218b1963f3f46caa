namespace BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

/// <summary>
/// Timers and values for Router Discovery on fabric links. The defaults follow what FRR does for BGP
/// unnumbered (an RA every 10 s, a few quick ones when a link comes up), but answer faster: a
/// point-to-point fabric link has one router on the other end, not a crowd of hosts to protect.
/// </summary>
public sealed record RouterDiscoveryOptions
{
    /// <summary>Unsolicited RA period once the first few are out (FRR's <c>ipv6 nd ra-interval 10</c>).</summary>
    public TimeSpan AdvertisementInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>RAs sent at <see cref="InitialAdvertisementInterval"/> when the link becomes usable, the first at once.</summary>
    public int InitialAdvertisements { get; init; } = 3;

    public TimeSpan InitialAdvertisementInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The Router Lifetime we advertise. 0 says "a router, but not a default router": FRR learns the
    /// neighbour from any RA (checked in the lab, see the tests), and a leaf running Linux with
    /// <c>accept_ra</c> does not add a default route towards a node.
    /// </summary>
    public ushort RouterLifetimeSeconds { get; init; }

    /// <summary>The link MTU to advertise (the MTU option); null leaves it out, as FRR does by default.</summary>
    public uint? AdvertisedMtu { get; init; }

    /// <summary>RSs sent when the link becomes usable while no peer is known, the first at once; stop at the first RA.</summary>
    public int Solicitations { get; init; } = 3;

    public TimeSpan SolicitationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// RAs that answer an RS (or a new peer's first RA) go out at once while this many are in hand;
    /// one more comes back every <see cref="AnswerInterval"/>. Answers are what make a restarted or
    /// flapped peer learn us within milliseconds, so normal operation never waits (a flap uses two); a
    /// neighbour flooding RSs gets at most one RA a second. RFC 4861 §6.2.6's 3 s between multicast RAs
    /// protects hosts on shared links, which a point-to-point fabric link does not have.
    /// </summary>
    public int AnswerBurst { get; init; } = 3;

    public TimeSpan AnswerInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence after which a peer is reported stale: three of FRR's 10 s RAs missed.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra routers remembered per link for the report; more are ignored until one goes quiet.</summary>
    public int MaxOtherRouters { get; init; } = 4;

    /// <summary>Plain-words problems; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Positive(AdvertisementInterval, nameof(AdvertisementInterval));
        Positive(InitialAdvertisementInterval, nameof(InitialAdvertisementInterval));
        Positive(SolicitationInterval, nameof(SolicitationInterval));
        Positive(StaleAfter, nameof(StaleAfter));
        Positive(AnswerInterval, nameof(AnswerInterval));
        if (AnswerBurst < 1)
        {
            problems.Add($"{nameof(AnswerBurst)} must be at least 1");
        }
        if (InitialAdvertisements < 1)
        {
            problems.Add($"{nameof(InitialAdvertisements)} must be at least 1 (the RA sent when a link comes up)");
        }
        if (Solicitations < 0 || MaxOtherRouters < 0)
        {
            problems.Add($"{nameof(Solicitations)} and {nameof(MaxOtherRouters)} must not be negative");
        }
        return problems;

        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{name} must be positive");
            }
        }
    }
}
