using System.Text.Json;

namespace BgpSpeaker.Fabric;

/// <summary>The fabric and the FIB in show summary: router discovery and kernel-write totals, read without waiting on either.</summary>
internal static class FabricJson
{
    public static void Write(Utf8JsonWriter json, FabricService? fabric, FibService? fib)
    {
        if (fabric?.Discovery is { } discovery)
        {
            var c = discovery.Counters;
            json.WriteStartObject("routerDiscovery");
            json.WriteNumber("advertisementsSent", c.AdvertisementsSent);
            json.WriteNumber("advertisementsReceived", c.AdvertisementsReceived);
            json.WriteNumber("solicitationsSent", c.SolicitationsSent);
            json.WriteNumber("solicitationsReceived", c.SolicitationsReceived);
            json.WriteNumber("malformedDropped", c.MalformedDropped);
            json.WriteNumber("wrongHopLimitDropped", c.WrongHopLimitDropped);
            json.WriteNumber("sendFailures", c.SendFailures);
            if (discovery.LastMalformed is { } last)
            {
                json.WriteString("lastMalformed", last);
            }
            json.WriteEndObject();
        }
        if (fabric?.Links is { } links)
        {
            json.WriteStartObject("linkMonitor");
            json.WriteNumber("overruns", links.Counters.Overruns);
            json.WriteNumber("malformed", links.Counters.Malformed);
            json.WriteNumber("dumpFailures", links.Counters.DumpFailures);
            json.WriteEndObject();
        }
        if (fib is not null)
        {
            json.WriteStartObject("fib");
            json.WriteNumber("routesWanted", fib.Desired);
            json.WriteNumber("pending", fib.Pending);
            json.WriteNumber("routesInstalled", fib.Counters.RoutesInstalled);
            json.WriteNumber("routesDeleted", fib.Counters.RoutesDeleted);
            json.WriteNumber("failures", fib.Counters.Failures);
            json.WriteNumber("reconciliations", fib.Counters.Reconciliations);
            json.WriteEndObject();
        }
    }
}
