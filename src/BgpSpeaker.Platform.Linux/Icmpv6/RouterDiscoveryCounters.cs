namespace BgpSpeaker.Platform.Linux.Icmpv6;

/// <summary>Totals since the driver started (for metrics: <c>_total</c> counters).</summary>
/// <param name="OwnPacketsDropped">Packets whose source is one of our own link-locals.</param>
/// <param name="OtherInterfacesIgnored">RAs and RSs that arrived on interfaces that are not fabric interfaces.</param>
public readonly record struct RouterDiscoveryCounters(
    long AdvertisementsSent,
    long AdvertisementsReceived,
    long SolicitationsSent,
    long SolicitationsReceived,
    long MalformedDropped,
    long WrongHopLimitDropped,
    long OwnPacketsDropped,
    long OtherInterfacesIgnored,
    long SendFailures,
    long ReceiveFailures);

/// <summary>The live counters, written from the receive and driver loops, read from anywhere.</summary>
internal sealed class DriverCounters
{
    public long AdvertisementsSent;
    public long AdvertisementsReceived;
    public long SolicitationsSent;
    public long SolicitationsReceived;
    public long MalformedDropped;
    public long WrongHopLimitDropped;
    public long OwnPacketsDropped;
    public long OtherInterfacesIgnored;
    public long SendFailures;
    public long ReceiveFailures;

    public RouterDiscoveryCounters Snapshot() => new(
        Interlocked.Read(ref AdvertisementsSent),
        Interlocked.Read(ref AdvertisementsReceived),
        Interlocked.Read(ref SolicitationsSent),
        Interlocked.Read(ref SolicitationsReceived),
        Interlocked.Read(ref MalformedDropped),
        Interlocked.Read(ref WrongHopLimitDropped),
        Interlocked.Read(ref OwnPacketsDropped),
        Interlocked.Read(ref OtherInterfacesIgnored),
        Interlocked.Read(ref SendFailures),
        Interlocked.Read(ref ReceiveFailures));
}
