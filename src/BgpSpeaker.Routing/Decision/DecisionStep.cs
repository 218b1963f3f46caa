namespace BgpSpeaker.Routing.Decision;

/// <summary>
/// The steps of the decision process (RFC 4271 §9.1.2.2), in order. For each candidate the process
/// records the step at which it lost; the winner gets <see cref="Best"/>.
/// </summary>
public enum DecisionStep : byte
{
    Best,

    /// <summary>A locally originated route (a configured network) wins over learned ones.</summary>
    LocalOrigin,

    /// <summary>§9.1.1: highest degree of preference (LOCAL_PREF, or the default for eBGP routes).</summary>
    LocalPref,

    /// <summary>a: shortest AS_PATH (an AS_SET counts as one).</summary>
    AsPathLength,

    /// <summary>b: lowest ORIGIN (IGP &lt; EGP &lt; INCOMPLETE).</summary>
    Origin,

    /// <summary>c: lowest MULTI_EXIT_DISC, compared only between routes from the same neighbouring AS.</summary>
    MultiExitDisc,

    /// <summary>d: routes from eBGP peers over routes from iBGP peers.</summary>
    ExternalOverInternal,

    /// <summary>f: lowest BGP identifier of the advertising peer (ORIGINATOR_ID when reflected, RFC 4456).</summary>
    RouterId,

    /// <summary>g: lowest peer address.</summary>
    PeerAddress,
}

/// <summary>How a decision step reads in "show route" output.</summary>
public static class DecisionSteps
{
    public static string Describe(DecisionStep step) => step switch
    {
        DecisionStep.Best => "best",
        DecisionStep.LocalOrigin => "local origin (our networks win)",
        DecisionStep.LocalPref => "local preference (higher wins)",
        DecisionStep.AsPathLength => "AS path length (shorter wins)",
        DecisionStep.Origin => "origin (IGP < EGP < incomplete)",
        DecisionStep.MultiExitDisc => "MED (lower wins, same neighbouring AS)",
        DecisionStep.ExternalOverInternal => "eBGP over iBGP",
        DecisionStep.RouterId => "router id (lower wins)",
        DecisionStep.PeerAddress => "peer address (lower wins)",
        _ => step.ToString(),
    };
}
