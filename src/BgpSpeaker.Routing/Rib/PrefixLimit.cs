namespace BgpSpeaker.Routing.Rib;

/// <summary>RFC 4486 maximum-prefix: how many prefixes a neighbor may have us hold, and when to warn.</summary>
public sealed record PrefixLimit(uint Limit, uint WarningThreshold, TimeSpan? RestartAfter);

/// <summary>Where a neighbor stands against its <see cref="PrefixLimit"/> after an UPDATE.</summary>
public enum PrefixLimitState
{
    Within,

    /// <summary>The warning threshold was crossed (reported once per session).</summary>
    Warning,

    /// <summary>Over the limit: the session must end with Cease/Maximum Number of Prefixes Reached.</summary>
    Exceeded,
}
