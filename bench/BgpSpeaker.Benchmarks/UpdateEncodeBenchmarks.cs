using System.Buffers;
using BenchmarkDotNet.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Benchmarks;

/// <summary>Packing 500 routes that share an attribute set into UPDATEs (one message each time).</summary>
[MemoryDiagnoser]
public class UpdateEncodeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private NlriEntry[] _routes = [];

    [GlobalSetup]
    public void Setup() => _routes = Workloads.Routes(Workloads.PrefixesPerUpdate);

    [Benchmark(Baseline = true)]
    public int ClassicIpv4()
    {
        _output.ResetWrittenCount();
        return UpdatePacker.WriteAnnouncements(_output, Workloads.Context, AfiSafi.Ipv4Unicast, Workloads.Attributes, Workloads.V4NextHop, _routes);
    }

    [Benchmark]
    public int MpReachIpv4LinkLocalNextHop()
    {
        _output.ResetWrittenCount();
        return UpdatePacker.WriteAnnouncements(_output, Workloads.Context, AfiSafi.Ipv4Unicast, Workloads.Attributes, Workloads.LinkLocalNextHop, _routes);
    }

    [Benchmark]
    public int Withdrawals()
    {
        _output.ResetWrittenCount();
        return UpdatePacker.WriteWithdrawals(_output, Workloads.Context, AfiSafi.Ipv4Unicast, _routes);
    }
}
