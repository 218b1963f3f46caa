using System.Text;
using System.Text.Json;
using BgpSpeaker.Cli;
using BgpSpeaker.Configuration;
using BgpSpeaker.Routing.Decision;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Transport;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>The daemon's state as JSON for the control socket; rendered inside the routing loop, so RIBs are read by their owner.</summary>
internal static class StatusJson
{
    public static string Render(string command, RoutingLoop loop, SpeakerConfig config, DateTimeOffset now)
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
                case "summary":
                    WriteProcess(json, collect: false);
                    Fabric.FabricJson.Write(json, loop.Fabric, loop.Fib);
                    WriteNeighbors(json, loop, now);
                    break;
                case "memory":
                    WriteProcess(json, collect: true);
                    break;
                case "neighbors":
                    WriteNeighbors(json, loop, now);
                    break;
                case var named when named.StartsWith("neighbors ", StringComparison.Ordinal):
                    WriteNeighbors(json, loop, now, named["neighbors ".Length..].Trim());
                    break;
                case var route when route.StartsWith("route ", StringComparison.Ordinal):
                    WriteDecision(json, loop, route["route ".Length..].Trim());
                    break;
                default:
                    json.WriteString("error", $"unknown command '{command}'; try summary, neighbors, routes or route PREFIX");
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Memory and descriptors, to see that flaps and hostile peers leave nothing behind. Only "memory"
    /// (what leak tests ask) collects first, to count live data: summary must never stall routing.
    /// </summary>
    private static void WriteProcess(Utf8JsonWriter json, bool collect)
    {
        json.WriteStartObject("memory");
        json.WriteNumber("managedBytes", GC.GetTotalMemory(forceFullCollection: collect));
        json.WriteNumber("gcHeapBytes", GC.GetGCMemoryInfo().HeapSizeBytes);
        json.WriteNumber("workingSetBytes", Environment.WorkingSet);
        json.WriteNumber("fullCollections", GC.CollectionCount(GC.MaxGeneration));
        json.WriteEndObject();
        if (Directory.Exists("/proc/self/fd"))
        {
            json.WriteNumber("openFileDescriptors", Directory.EnumerateFileSystemEntries("/proc/self/fd").Count());
        }
    }

    /// <param name="only">One neighbor (by name or address), shown with its recent malformed UPDATEs; null for all.</param>
    private static void WriteNeighbors(Utf8JsonWriter json, RoutingLoop loop, DateTimeOffset now, string? only = null)
    {
        var peers = loop.Peers.Where(p => only is null || p.Name == only || p.Config.Key == only).ToList();
        if (only is not null && peers.Count == 0)
        {
            json.WriteString("error", $"no neighbor named '{only}'; show neighbors lists them");
            return;
        }
        json.WriteNumber("attributeSets", loop.Core.Attributes.Count);
        json.WriteNumber("locRibIpv4", loop.Core.V4.Count);
        json.WriteNumber("locRibIpv6", loop.Core.V6.Count);
        json.WriteStartArray("neighbors");
        foreach (var peer in peers)
        {
            var runner = peer.Runner;
            var fsm = runner.Fsm;
            json.WriteStartObject();
            json.WriteString("name", peer.Name);
            json.WriteString("address", peer.Config.Address?.ToString());
            if (peer.Config.Description is { } description)
            {
                json.WriteString("description", description);
            }
            json.WriteString("remoteAs", peer.Config.RemoteAs.ToString());
            if (peer.Port is { } port)
            {
                json.WriteStartObject("interface");
                json.WriteString("name", port.Name);
                json.WriteNumber("index", port.Index);
                json.WriteBoolean("linkUp", port.LinkUsable);
                json.WriteString("peerAddress", port.Remote is { } remote ? new System.Net.IPAddress(remote.GetAddressBytes()).ToString() : null);
                json.WriteString("state", port.State);
                json.WriteEndObject();
            }
            json.WriteString("state", fsm.State.ToString());
            json.WriteBoolean("passive", fsm.Settings.Passive); // as the session runs it (a reload may have changed it)
            json.WriteNumber("connectRetrySeconds", (int)fsm.Settings.ConnectRetryTime.TotalSeconds);
            if (fsm.State == SessionState.Established && fsm.EstablishedAt is { } since)
            {
                json.WriteNumber("uptimeSeconds", (long)(now - since).TotalSeconds);
            }
            else if (fsm.LastSessionDown is { } wentDown)
            {
                json.WriteNumber("downSeconds", (long)(now - wentDown.At).TotalSeconds);
            }
            if (runner.Negotiated is { } session)
            {
                json.WriteStartObject("session");
                json.WriteNumber("peerAs", session.RemoteAs);
                json.WriteString("peerRouterId", IpAddresses.V4ToString(session.RemoteRouterId));
                if (session.RemoteHostName is { } host)
                {
                    json.WriteString("peerHostname", host);
                }
                json.WriteNumber("holdTime", session.HoldTimeSeconds);
                json.WriteNumber("keepalive", (int)session.KeepaliveInterval.TotalSeconds);
                MessageJson.WriteStrings(json, "families", session.Families.Select(f => f.ToString()).Order());
                json.WriteBoolean("fourOctetAs", session.Codec.FourOctetAs);
                json.WriteBoolean("extendedNextHop", session.Codec.ExtendedNextHop.Count > 0);
                json.WriteBoolean("routeRefresh", session.RouteRefresh);
                json.WriteBoolean("enhancedRouteRefresh", session.EnhancedRouteRefresh);
                json.WriteNumber("maxMessageSize", session.Codec.MaxMessageSize);
                json.WriteEndObject();
            }
            json.WriteNumber("prefixesReceived", loop.Core.ReceivedCount(peer.Source.Id));
            json.WriteNumber("prefixesReceivedIpv4", loop.Core.ReceivedCount(peer.Source.Id, Afi.Ipv4));
            json.WriteNumber("prefixesReceivedIpv6", loop.Core.ReceivedCount(peer.Source.Id, Afi.Ipv6));
            json.WriteNumber("prefixesAdvertised", peer.Advertised);
            if (peer.NextHopProblems.Count > 0)
            {
                json.WriteStartObject("notAnnounced");
                foreach (var (family, why) in peer.NextHopProblems)
                {
                    json.WriteString(family.ToString(), why);
                }
                json.WriteEndObject();
            }
            json.WriteNumber("flaps", runner.Flaps);
            WriteImported(json, peer.Imported);
            json.WriteNumber("malformedUpdates", peer.Malformed.Count);
            if (only is not null)
            {
                WriteMalformed(json, peer.Malformed);
            }
            json.WriteNumber("sendQueueBytes", runner.QueuedBytes);
            WriteCounters(json, "messagesReceived", runner.Received);
            WriteCounters(json, "messagesSent", runner.Sent);
            // What dropped the last established session; a failed attempt since is shown beside it, not instead.
            if ((fsm.LastSessionDown ?? fsm.LastDown) is { } down)
            {
                WriteDown(json, "lastDown", down);
            }
            if (fsm.LastDown is { } failure && failure != (fsm.LastSessionDown ?? fsm.LastDown))
            {
                WriteDown(json, "lastFailedAttempt", failure);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteDown(Utf8JsonWriter json, string name, Session.DownReason down)
    {
        json.WriteStartObject(name);
        json.WriteString("kind", down.Kind.ToString());
        json.WriteString("reason", down.Describe());
        json.WriteString("at", down.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteImported(Utf8JsonWriter json, ImportCounts counts)
    {
        json.WriteStartObject("announcements");
        json.WriteNumber("received", counts.Received);
        json.WriteNumber("accepted", counts.Accepted);
        json.WriteNumber("rejectedByPolicy", counts.RejectedByPolicy);
        json.WriteNumber("rejectedAsLoop", counts.RejectedAsLoop);
        json.WriteNumber("treatedAsWithdraw", counts.TreatedAsWithdraw);
        json.WriteEndObject();
    }

    private static void WriteMalformed(Utf8JsonWriter json, MalformedHistory history)
    {
        json.WriteStartArray("recentMalformedUpdates");
        foreach (var update in history.Recent.Reverse())
        {
            json.WriteStartObject();
            json.WriteString("at", update.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("handling", update.Handling);
            json.WriteString("reason", update.Reasons);
            json.WriteString("attribute", update.AttributeHex);
            MessageJson.WriteStrings(json, "prefixes", update.Prefixes);
            json.WriteNumber("morePrefixes", update.MorePrefixes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteCounters(Utf8JsonWriter json, string name, MessageCounters counters)
    {
        json.WriteStartObject(name);
        json.WriteNumber("open", counters.Open);
        json.WriteNumber("update", counters.Update);
        json.WriteNumber("notification", counters.Notification);
        json.WriteNumber("keepalive", counters.Keepalive);
        json.WriteNumber("routeRefresh", counters.RouteRefresh);
        json.WriteNumber("total", counters.Total);
        json.WriteEndObject();
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
