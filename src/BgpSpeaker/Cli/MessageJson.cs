using System.Text.Json;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Cli;

/// <summary>
/// Renders decoded messages as JSON for operators: names rather than codes, prefixes as
/// "10.0.0.0/24", capabilities by name. Written by hand with Utf8JsonWriter so it stays AOT-safe.
/// </summary>
internal static class MessageJson
{
    public static void Write(Utf8JsonWriter json, BgpMessage message, int offset, int length)
    {
        json.WriteStartObject();
        json.WriteNumber("offset", offset);
        json.WriteNumber("length", length);
        json.WriteString("type", message.Type.ToString().ToUpperInvariant() switch { "ROUTEREFRESH" => "ROUTE-REFRESH", var t => t });
        switch (message)
        {
            case OpenMessage open:
                WriteOpen(json, open);
                break;
            case UpdateMessage update:
                WriteUpdate(json, update);
                break;
            case NotificationMessage notification:
                WriteNotification(json, notification);
                break;
            case RouteRefreshMessage refresh:
                json.WriteString("family", refresh.Family.ToString());
                json.WriteString("subtype", refresh.Subtype switch
                {
                    RouteRefreshSubtype.BeginningOfRouteRefresh => "begin",
                    RouteRefreshSubtype.EndOfRouteRefresh => "end",
                    _ => "request",
                });
                break;
        }
        json.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter json, BgpError error)
    {
        json.WriteStartObject();
        json.WriteString("action", ActionName(error.Action));
        json.WriteString("notification", ErrorNames.Describe(error.Code, error.Subcode));
        json.WriteNumber("code", (byte)error.Code);
        json.WriteNumber("subcode", error.Subcode);
        if (error.Data.Length > 0)
        {
            json.WriteString("data", Convert.ToHexStringLower(error.Data));
        }
        json.WriteString("reason", error.Reason);
        json.WriteEndObject();
    }

    public static string ActionName(ErrorAction action) => action switch
    {
        ErrorAction.AttributeDiscard => "attribute-discard",
        ErrorAction.TreatAsWithdraw => "treat-as-withdraw",
        ErrorAction.AfiSafiDisable => "afi-safi-disable",
        ErrorAction.SessionReset => "session-reset",
        _ => "none",
    };

    private static void WriteOpen(Utf8JsonWriter json, OpenMessage open)
    {
        json.WriteNumber("version", open.Version);
        json.WriteNumber("myAs", open.MyAs);
        json.WriteNumber("asn", open.AsNumber);
        json.WriteNumber("holdTime", open.HoldTimeSeconds);
        json.WriteString("routerId", IpAddresses.V4ToString(open.BgpIdentifier));
        json.WriteStartArray("capabilities");
        foreach (var capability in open.Capabilities)
        {
            json.WriteStartObject();
            json.WriteString("name", capability.Name);
            json.WriteNumber("code", (byte)capability.Code);
            WriteCapabilityValue(json, capability);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteCapabilityValue(Utf8JsonWriter json, Capability capability)
    {
        switch (capability)
        {
            case MultiprotocolCapability mp:
                json.WriteString("family", mp.Family.ToString());
                break;
            case FourOctetAsCapability as4:
                json.WriteNumber("asn", as4.Asn);
                break;
            case ExtendedNextHopCapability enh:
                WriteStrings(json, "families", enh.Entries.Select(e => $"{e.Family} via {AfiSafi.AfiName(e.NextHopAfi)}"));
                break;
            case AddPathCapability addPath:
                WriteStrings(json, "families", addPath.Entries.Select(e => $"{e.Family} {e.Direction.ToString().ToLowerInvariant()}"));
                break;
            case GracefulRestartCapability gr:
                json.WriteNumber("restartTime", gr.RestartTimeSeconds);
                json.WriteBoolean("restarting", gr.RestartState);
                json.WriteBoolean("notification", gr.Notification);
                WriteStrings(json, "families", gr.Families.Select(f => f.ForwardingPreserved ? $"{f.Family} forwarding-preserved" : f.Family.ToString()));
                break;
            case FqdnCapability fqdn:
                json.WriteString("hostname", fqdn.HostName);
                json.WriteString("domain", fqdn.DomainName);
                break;
            case RoleCapability role:
                json.WriteString("role", role.Role.ToString());
                break;
            case UnknownCapability unknown:
                json.WriteString("value", Convert.ToHexStringLower(unknown.Value));
                break;
        }
    }

    private static void WriteUpdate(Utf8JsonWriter json, UpdateMessage update)
    {
        if (update.EndOfRib is { } eor)
        {
            json.WriteString("endOfRib", eor.ToString());
        }
        WritePrefixes(json, "withdrawn", update.Withdrawn);
        if (update.Attributes is { } attributes)
        {
            UpdateJson.WriteAttributes(json, attributes, update.NextHop);
        }
        if (update.MpReach is { } reach)
        {
            json.WriteStartObject("mpReach");
            json.WriteString("family", reach.Family.ToString());
            UpdateJson.WriteNextHop(json, reach.NextHop);
            WritePrefixes(json, "nlri", reach.Nlri);
            json.WriteEndObject();
        }
        if (update.MpUnreach is { } unreach)
        {
            json.WriteStartObject("mpUnreach");
            json.WriteString("family", unreach.Family.ToString());
            WritePrefixes(json, "withdrawn", unreach.Withdrawn);
            json.WriteEndObject();
        }
        WritePrefixes(json, "nlri", update.Nlri);
        if (update.Errors.Count > 0)
        {
            json.WriteString("action", ActionName(update.Action));
            json.WriteStartArray("errors");
            foreach (var error in update.Errors)
            {
                WriteError(json, error);
            }
            json.WriteEndArray();
        }
    }

    private static void WriteNotification(Utf8JsonWriter json, NotificationMessage notification)
    {
        json.WriteNumber("code", (byte)notification.Code);
        json.WriteNumber("subcode", notification.Subcode);
        json.WriteString("error", ErrorNames.Describe(notification.Code, notification.Subcode));
        if (notification.ShutdownCommunication is { } text)
        {
            json.WriteString("shutdownCommunication", text);
        }
        else if (notification.Data.Length > 0)
        {
            json.WriteString("data", Convert.ToHexStringLower(notification.Data));
        }
    }

    private static void WritePrefixes(Utf8JsonWriter json, string name, NlriBlock block)
    {
        if (block.IsEmpty)
        {
            return;
        }
        json.WriteStartArray(name);
        foreach (var entry in block)
        {
            if (block.HasPathId)
            {
                json.WriteStringValue($"{entry.Prefix} path-id {entry.PathId}");
            }
            else
            {
                json.WriteStringValue(entry.Prefix.ToString());
            }
        }
        json.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
