using System.Text.Json;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Cli;

/// <summary>Path attributes and next hops as JSON.</summary>
internal static class UpdateJson
{
    public static void WriteAttributes(Utf8JsonWriter json, PathAttributes a, NextHop? nextHop)
    {
        json.WriteStartObject("attributes");
        json.WriteString("origin", a.Origin.ToString().ToLowerInvariant());
        json.WriteString("asPath", a.AsPath.ToString());
        json.WriteNumber("asPathLength", a.AsPath.PathLength);
        if (nextHop is { } hop)
        {
            json.WriteString("nextHop", hop.ToString());
        }
        if (a.MultiExitDisc is { } med)
        {
            json.WriteNumber("med", med);
        }
        if (a.LocalPref is { } localPref)
        {
            json.WriteNumber("localPref", localPref);
        }
        if (a.AtomicAggregate)
        {
            json.WriteBoolean("atomicAggregate", true);
        }
        if (a.Aggregator is { } aggregator)
        {
            json.WriteStartObject("aggregator");
            json.WriteNumber("asn", aggregator.Asn);
            json.WriteString("address", IpAddresses.V4ToString(aggregator.Address));
            json.WriteEndObject();
        }
        WriteList(json, "communities", a.Communities);
        WriteList(json, "extendedCommunities", a.ExtendedCommunities);
        WriteList(json, "largeCommunities", a.LargeCommunities);
        if (a.OriginatorId is { } originator)
        {
            json.WriteString("originatorId", IpAddresses.V4ToString(originator));
        }
        if (a.ClusterList.Length > 0)
        {
            MessageJson.WriteStrings(json, "clusterList", a.ClusterList.Select(IpAddresses.V4ToString));
        }
        if (a.Unknown.Length > 0)
        {
            json.WriteStartArray("unknown");
            foreach (var raw in a.Unknown)
            {
                json.WriteStartObject();
                json.WriteNumber("type", raw.TypeCode);
                json.WriteString("flags", $"0x{(byte)raw.Flags:x2}");
                json.WriteString("value", Convert.ToHexStringLower(raw.Value));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    public static void WriteNextHop(Utf8JsonWriter json, NextHop nextHop)
    {
        json.WriteStartObject("nextHop");
        json.WriteNumber("length", nextHop.Length);
        if (nextHop.IsIpv4)
        {
            json.WriteString("address", IpAddresses.V4ToString((uint)nextHop.Address));
        }
        if (nextHop.GlobalAddress is { } global)
        {
            json.WriteString("global", IpAddresses.V6ToString(global));
        }
        if (nextHop.LinkLocalAddress is { } linkLocal)
        {
            json.WriteString("linkLocal", IpAddresses.V6ToString(linkLocal));
        }
        json.WriteEndObject();
    }

    private static void WriteList<T>(Utf8JsonWriter json, string name, T[] items) where T : struct
    {
        if (items.Length > 0)
        {
            MessageJson.WriteStrings(json, name, items.Select(i => i.ToString()!));
        }
    }
}
