using System.Net;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The benchmark's two network namespaces (bench/ingest.sh creates them), joined by a veth pair: the
/// receiver alone in <see cref="ReceiverNamespace"/>, the feeder and the sink (this process) in the
/// other. The feeder's next hop is directly connected for every receiver.
/// </summary>
internal static class Lab
{
    public const string ReceiverNamespace = "bgps-bench-rx";

    public static readonly IPAddress Receiver = IPAddress.Parse("10.77.0.1");
    public static readonly IPAddress Feeder = IPAddress.Parse("10.77.0.2");
    public static readonly IPAddress Sink = IPAddress.Parse("10.77.0.3");

    public const uint FeederAs = 65001;
    public const uint SinkAs = 65002;
    public const uint ReceiverAs = 65000;
}
