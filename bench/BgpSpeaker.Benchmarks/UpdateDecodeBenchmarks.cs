using BenchmarkDotNet.Attributes;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Benchmarks;

/// <summary>
/// Decoding one UPDATE of 500 prefixes and reading every prefix out of it. Prefixes per second is
/// 500 × operations per second; allocations are per message, none per prefix.
/// </summary>
[MemoryDiagnoser]
public class UpdateDecodeBenchmarks
{
    private byte[] _classic = [];
    private byte[] _linkLocal = [];

    [GlobalSetup]
    public void Setup()
    {
        _classic = Workloads.UpdateBody(Workloads.V4NextHop);
        _linkLocal = Workloads.UpdateBody(Workloads.LinkLocalNextHop);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public ulong ClassicIpv4()
    {
        var update = (UpdateMessage)MessageDecoder.Decode(MessageType.Update, _classic, Workloads.Context).Message!;
        ulong sum = 0;
        foreach (var entry in update.Nlri)
        {
            sum += (ulong)entry.Prefix.Bits + entry.Prefix.Length;
        }
        return sum;
    }

    [Benchmark]
    public ulong MpReachIpv4LinkLocalNextHop()
    {
        var update = (UpdateMessage)MessageDecoder.Decode(MessageType.Update, _linkLocal, Workloads.Context).Message!;
        ulong sum = 0;
        foreach (var entry in update.MpReach!.Nlri)
        {
            sum += (ulong)entry.Prefix.Bits + entry.Prefix.Length;
        }
        return sum;
    }
}
