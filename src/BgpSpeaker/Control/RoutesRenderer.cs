using System.Text.Json;
using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon;
using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Control;

/// <summary>show routes and show route PREFIX: rendered inside the routing loop, so the RIBs are read by their owner (a page at a time).</summary>
internal static class RoutesRenderer
{
    public static string Render(string command, RoutingLoop loop, SpeakerConfig config)
    {
        (uint asn, string routerId) = (config.Asn, config.RouterId.ToString());
        switch (command)
        {
            case "routes":
                return Serialize(Routes(loop, RoutePage.All, asn, routerId));
            case var paged when paged.StartsWith("routes ", StringComparison.Ordinal):
                return Serialize(RoutePage.TryParse(paged["routes ".Length..], out var page, out var why)
                    ? Routes(loop, page, asn, routerId)
                    : new RoutesView { Asn = asn, RouterId = routerId, Error = why });
            case var route when route.StartsWith("route ", StringComparison.Ordinal):
                return JsonSerializer.Serialize(Decision(loop, route["route ".Length..].Trim(), asn, routerId), ControlJson.Default.DecisionView);
            default:
                return StatusRenderer.Render(new StatusView { Asn = asn, RouterId = routerId,
                    Error = $"unknown command '{command}'; try summary, neighbors, routes, route PREFIX, fib, health or clear NAME [soft]" });
        }
    }

    private static string Serialize(RoutesView view) => JsonSerializer.Serialize(view, ControlJson.Default.RoutesView);

    /// <summary>Every path to one prefix and where each stood in the decision process (best, equal-cost, or the step it lost at).</summary>
    private static DecisionView Decision(RoutingLoop loop, string text, uint asn, string routerId)
    {
        if (!Prefix.TryParse(text, out var prefix))
        {
            return new DecisionView { Asn = asn, RouterId = routerId, Error = $"'{text}' is not a prefix (e.g. 10.0.0.0/24 or 2001:db8::/32)" };
        }
        return new DecisionView
        {
            Asn = asn,
            RouterId = routerId,
            Prefix = prefix.ToString(),
            Paths = [.. loop.Core.Explain(prefix).Select(e => new PathView(
                e.Candidate.Peer.Name,
                e.Candidate.Peer.IsLocal ? "self" : e.Candidate.Route.NextHop.ToString(),
                e.Candidate.Route.Attributes.AsPath.ToString(),
                e.Candidate.Route.Attributes.Origin.ToString().ToLowerInvariant(),
                e.Candidate.LocalPref,
                e.Candidate.Route.Attributes.MultiExitDisc,
                Communities(e.Candidate.Route.Attributes),
                LargeCommunities(e.Candidate.Route.Attributes),
                e.Outcome == DecisionStep.Best,
                e.Multipath,
                e.Outcome == DecisionStep.Best ? "best" : $"lost at {DecisionSteps.Describe(e.Outcome)}"))],
        };
    }

    /// <summary>
    /// The Loc-RIB in prefix order: each prefix's best route, who it came from, and how many equal-cost
    /// paths it has; a page of it (at most <see cref="RoutePage.Limit"/> after <see cref="RoutePage.After"/>)
    /// so a full table never holds the routing loop while it is serialised.
    /// </summary>
    private static RoutesView Routes(RoutingLoop loop, RoutePage page, uint asn, string routerId)
    {
        var core = loop.Core;
        var selected = core.V4.Entries.Select(e => (Prefix: e.Key.ToPrefix(), Best: e.Value))
            .Concat(core.V6.Entries.Select(e => (Prefix: e.Key.ToPrefix(), Best: e.Value)))
            .Where(e => page.After is not { } after || e.Prefix.CompareTo(after) > 0)
            .OrderBy(e => e.Prefix)
            .Take(page.Limit)
            .ToList();
        return new RoutesView
        {
            Asn = asn,
            RouterId = routerId,
            Next = selected.Count == page.Limit && page.Limit != int.MaxValue ? selected[^1].Prefix.ToString() : null, // ask again with after: this
            Routes = [.. selected.Select(s =>
            {
                var route = core.Attributes[s.Best.AttributeId];
                var source = core[s.Best.Peer];
                var attributes = route.Attributes;
                return new RouteView(s.Prefix.ToString(), source.IsLocal ? "self" : route.NextHop.ToString(), source.Name, s.Best.Paths,
                    attributes.AsPath.ToString(), attributes.Origin.ToString().ToLowerInvariant(), attributes.MultiExitDisc, attributes.LocalPref,
                    Communities(attributes), LargeCommunities(attributes));
            })],
        };
    }

    private static string[]? Communities(PathAttributes attributes) =>
        attributes.Communities.Length > 0 ? [.. attributes.Communities.Select(c => c.ToString())] : null;

    private static string[]? LargeCommunities(PathAttributes attributes) =>
        attributes.LargeCommunities.Length > 0 ? [.. attributes.LargeCommunities.Select(c => c.ToString())] : null;
}
