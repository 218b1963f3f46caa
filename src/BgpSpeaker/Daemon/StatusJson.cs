using System.Text;
using System.Text.Json;
using BgpSpeaker.Cli;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>The routes as JSON for the control socket; rendered inside the routing loop, so RIBs are read by their owner (the rest: <see cref="Control.StatusRenderer"/>).</summary>
internal static class StatusJson
{
    public static string Render(string command, RoutingLoop loop, SpeakerConfig config)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("asn", config.Asn);
            json.WriteString("routerId", config.RouterId.ToString());
            switch (command)
            {
                case "routes":
                    WriteRoutes(json, loop, RoutePage.All);
                    break;
                case var paged when paged.StartsWith("routes ", StringComparison.Ordinal):
                    if (RoutePage.TryParse(paged["routes ".Length..], out var page, out var why))
                    {
                        WriteRoutes(json, loop, page);
                    }
                    else
                    {
                        json.WriteString("error", why);
                    }
                    break;
                case var route when route.StartsWith("route ", StringComparison.Ordinal):
                    WriteDecision(json, loop, route["route ".Length..].Trim());
                    break;
                default:
                    json.WriteString("error", $"unknown command '{command}'; try summary, neighbors, routes, route PREFIX or fib");
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Every path to one prefix and where each stood in the decision process (best, equal-cost, or the step it lost at).</summary>
    private static void WriteDecision(Utf8JsonWriter json, RoutingLoop loop, string text)
    {
        if (!Prefix.TryParse(text, out var prefix))
        {
            json.WriteString("error", $"'{text}' is not a prefix (e.g. 10.0.0.0/24 or 2001:db8::/32)");
            return;
        }
        json.WriteString("prefix", prefix.ToString());
        json.WriteStartArray("paths");
        foreach (var (candidate, outcome, multipath) in loop.Core.Explain(prefix))
        {
            var route = candidate.Route;
            json.WriteStartObject();
            json.WriteString("peer", candidate.Peer.Name);
            json.WriteString("nextHop", candidate.Peer.IsLocal ? "self" : route.NextHop.ToString());
            json.WriteString("asPath", route.Attributes.AsPath.ToString());
            json.WriteString("origin", route.Attributes.Origin.ToString().ToLowerInvariant());
            json.WriteNumber("localPref", candidate.LocalPref);
            if (route.Attributes.MultiExitDisc is { } med)
            {
                json.WriteNumber("med", med);
            }
            WriteCommunities(json, route.Attributes);
            json.WriteBoolean("best", outcome == DecisionStep.Best);
            json.WriteBoolean("multipath", multipath);
            json.WriteString("outcome", outcome == DecisionStep.Best ? "best" : $"lost at {DecisionSteps.Describe(outcome)}");
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>
    /// The Loc-RIB in prefix order: each prefix's best route, who it came from, and how many equal-cost
    /// paths it has; a page of it (at most <see cref="RoutePage.Limit"/> after <see cref="RoutePage.After"/>)
    /// so a full table never holds the routing loop while it is serialised.
    /// </summary>
    private static void WriteRoutes(Utf8JsonWriter json, RoutingLoop loop, RoutePage page)
    {
        var core = loop.Core;
        var selected = core.V4.Entries.Select(e => (Prefix: e.Key.ToPrefix(), Best: e.Value))
            .Concat(core.V6.Entries.Select(e => (Prefix: e.Key.ToPrefix(), Best: e.Value)))
            .Where(e => page.After is not { } after || e.Prefix.CompareTo(after) > 0)
            .OrderBy(e => e.Prefix)
            .Take(page.Limit)
            .ToList();
        if (selected.Count == page.Limit && page.Limit != int.MaxValue)
        {
            json.WriteString("next", selected[^1].Prefix.ToString()); // ask again with after: this
        }
        json.WriteStartArray("routes");
        foreach (var (prefix, best) in selected)
        {
            var route = core.Attributes[best.AttributeId];
            var source = core[best.Peer];
            json.WriteStartObject();
            json.WriteString("prefix", prefix.ToString());
            json.WriteString("nextHop", source.IsLocal ? "self" : route.NextHop.ToString());
            json.WriteString("peer", source.Name);
            json.WriteNumber("paths", best.Paths);
            json.WriteString("asPath", route.Attributes.AsPath.ToString());
            json.WriteString("origin", route.Attributes.Origin.ToString().ToLowerInvariant());
            if (route.Attributes.MultiExitDisc is { } med)
            {
                json.WriteNumber("med", med);
            }
            if (route.Attributes.LocalPref is { } localPref)
            {
                json.WriteNumber("localPref", localPref);
            }
            WriteCommunities(json, route.Attributes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteCommunities(Utf8JsonWriter json, Wire.Attributes.PathAttributes attributes)
    {
        if (attributes.Communities.Length > 0)
        {
            MessageJson.WriteStrings(json, "communities", attributes.Communities.Select(c => c.ToString()));
        }
        if (attributes.LargeCommunities.Length > 0)
        {
            MessageJson.WriteStrings(json, "largeCommunities", attributes.LargeCommunities.Select(c => c.ToString()));
        }
    }
}
