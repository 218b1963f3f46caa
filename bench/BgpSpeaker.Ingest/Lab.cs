using System.Net;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The benchmark's two network namespaces (bench/ingest.sh creates them), joined by a veth pair: the
/// receiver alone in <see cref="ReceiverNamespace"/>, the feeder and the sink (this process) in the
/// other. The feeder's next hops (its IPv4 address, and its IPv6 one for the IPv6 prefixes carried on the
/// same IPv4 session) are directly connected for every receiver: the receiver's end of the veth holds
/// 2001:db8:77::1/64 besides 10.77.0.1/24.
/// </summary>
internal static class Lab
{
    public const string ReceiverNamespace = "bgps-bench-rx";

    public static readonly IPAddress Receiver = IPAddress.Parse("10.77.0.1");
    public static readonly IPAddress Feeder = IPAddress.Parse("10.77.0.2");
    public static readonly IPAddress Sink = IPAddress.Parse("10.77.0.3");

    public static readonly IPAddress FeederV6 = IPAddress.Parse("2001:db8:77::2");

    public const uint FeederAs = 65001;
    public const uint SinkAs = 65002;
    public const uint ReceiverAs = 65000;
}
