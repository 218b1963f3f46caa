using BgpSpeaker.Routing.Policy;

namespace BgpSpeaker.Configuration.Reading;

/// <summary>
/// Resolves a neighbor's <c>import</c> and <c>export</c> against the presets and the configured
/// policies, and applies the RFC 8212 defaults: an eBGP neighbor without a policy gets reject (with a
/// warning saying how to fix it), an iBGP neighbor gets accept.
/// </summary>
internal sealed class PolicyNames(IReadOnlyList<PolicyDefinition> policies, uint? localAs)
{
    private readonly string[] _known = [.. PolicyPresets.Names, .. policies.Select(p => p.Name)];

    public NeighborConfig Resolve(PlacedNeighbor placed, ErrorSink errors)
    {
        var neighbor = placed.Config;
        // Without a valid asn the configuration fails anyway; treat the neighbor as eBGP to say less.
        bool external = localAs is not { } asn || !neighbor.RemoteAs.IsInternal(asn);
        return neighbor with
        {
            Import = Reference(placed.ImportAt, errors) ?? Default(placed, external, "import",
                "nothing is accepted from this eBGP peer", "accept", errors),
            Export = Reference(placed.ExportAt, errors) ?? Default(placed, external, "export",
                "nothing is sent to this eBGP peer", "local-routes", errors),
        };
    }

    /// <summary>A preset or a configured policy; an unknown name is reported (with a hint) and reads as reject. Null when not given.</summary>
    public PolicyReference? Reference(ConfigValue? at, ErrorSink errors)
    {
        if (at is not { } v)
        {
            return null;
        }
        if (_known.Contains(v.Text, StringComparer.Ordinal))
        {
            return new PolicyReference(v.Text);
        }
        string hint = Suggestions.Hint(v.Text, _known);
        errors.Add(v, $"unknown policy '{v.Text}' in {v.Label}{hint} (presets: {string.Join(", ", PolicyPresets.Names)}; or a name under policies)");
        return PolicyReference.Reject;
    }

    private static PolicyReference Default(PlacedNeighbor placed, bool external, string key, string effect, string fix, ErrorSink errors)
    {
        if (!external)
        {
            return PolicyReference.Accept;
        }
        errors.Warn(placed.At,
            $"{(placed.Config.Key is "" ? "fabric" : $"neighbor {placed.Config.Key}")}: no {key} policy: {effect} (RFC 8212); set {key}: {fix} or a policy");
        return PolicyReference.Reject;
    }
}
