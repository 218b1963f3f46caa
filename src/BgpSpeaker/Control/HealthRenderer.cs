using System.Globalization;
using System.Text.Json;
using BgpSpeaker.Configuration;
using BgpSpeaker.Health;

namespace BgpSpeaker.Control;

/// <summary>show health, from the health monitor's own state (never the routing loop).</summary>
internal static class HealthRenderer
{
    public static string Render(HealthService? health) =>
        JsonSerializer.Serialize(new HealthView([.. (health?.Networks ?? []).Select(Network)]), ControlJson.Default.HealthView);

    /// <summary>What the network's state means for its announcement right now.</summary>
    public static string Announced(NetworkHealth network) =>
        network.Healthy ? "yes"
        : !network.Announced ? "no (withdrawn)"
        : $"yes, {network.Health.OnFailure.ToString().Replace("announce with ", "with ", StringComparison.Ordinal)}";

    private static NetworkHealthView Network(NetworkHealth network) => new(
        network.Network.Prefix.ToString(),
        network.Healthy,
        Announced(network),
        network.Health.OnFailure.ToString(),
        (int)network.Health.Interval.TotalSeconds,
        network.Health.MinFabricSessions > 0 ? network.FabricSessions : null,
        network.Health.MinFabricSessions,
        [.. network.Probes.Select(p => new ProbeView(p.Runner.Probe.Describe(), p.State.Verdict.ToString().ToLowerInvariant(), p.State.Streak,
            network.Health.Rise, network.Health.Fall, p.State.LastResult, p.State.LastChecked?.ToString("O", CultureInfo.InvariantCulture)))]);
}
