using System.Buffers;
using BenchmarkDotNet.Attributes;
using BgpSpeaker.Routing;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Routing.Rib;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Benchmarks;

/// <summary>
/// The routing core alone, as the daemon drives it: 100,000 IPv4 routes (90 % /24, 10 % /32) over
/// 100 attribute sets arrive as decoded UPDATEs from a feeder, are decided in runs of 32,768 pending
/// prefixes and exported to a sink as packed UPDATEs; then all are withdrawn. Per-route cost =
/// median / 100,000. The end-to-end figure with sockets is the ingest benchmark (bench/ingest.sh).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RoutingCoreBenchmarks
{
    private const int Routes = 100_000;
    private const int Sets = 100;
    private const int DecideEvery = 32_768;

    private static readonly CodecContext Context = new() { FourOctetAs = true };

    private UpdateMessage[] _announce = [];
    private UpdateMessage[] _withdraw = [];
    private RoutingCore _core = null!;
    private PeerInfo _feeder = null!;
    private ExportTarget _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        var routes = new NlriEntry[Routes];
        for (int i = 0, n = 0, h = 0; i < Routes; i++)
        {
            routes[i] = i % 10 == 9 ? new NlriEntry(Prefix.V4(0x64400000u + (uint)h++, 32), 0) : new NlriEntry(Prefix.V4(0x0B000000u + ((uint)n++ << 8), 24), 0);
        }
        var announce = new ArrayBufferWriter<byte>();
        for (int set = 0; set < Sets; set++)
        {
            var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001, 64600 + (uint)set), MultiExitDisc = (uint)set };
            UpdatePacker.WriteAnnouncements(announce, Context, AfiSafi.Ipv4Unicast, attributes, NextHop.V4(0x0A4D0002), routes.AsSpan(set * (Routes / Sets), Routes / Sets));
        }
        var withdraw = new ArrayBufferWriter<byte>();
        UpdatePacker.WriteWithdrawals(withdraw, Context, AfiSafi.Ipv4Unicast, routes);
        _announce = Decode(announce);
        _withdraw = Decode(withdraw);
    }

    [IterationSetup]
    public void FreshCore()
    {
        _core = new RoutingCore();
        _core.AddPeer("local", external: false, local: true);
        _feeder = _core.AddPeer("feeder", external: true);
        var sink = _core.AddPeer("sink", external: true);
        (_feeder.RouterId, sink.RouterId) = (1, 2);
        _sink = new ExportTarget(sink, 65000, Context, new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast }, NextHop.V4(0x0A4D0001), null);
    }

    /// <summary>Apply, decide and export the whole table, then withdraw it all the same way.</summary>
    [Benchmark]
    public int AnnounceThenWithdraw100k() => Feed(_announce) + Feed(_withdraw);

    private int Feed(UpdateMessage[] updates)
    {
        int sent = 0;
        foreach (var update in updates)
        {
            _core.Apply(_feeder.Id, update);
            if (_core.PendingPrefixes >= DecideEvery)
            {
                sent += Export();
            }
        }
        return sent + Export();
    }

    // A fresh writer per run, as the daemon's: its buffer goes to the peer's send queue.
    private int Export() => UpdateBuilder.Changes(new ArrayBufferWriter<byte>(), _core, _sink, _core.Process()).Updates;

    private static UpdateMessage[] Decode(ArrayBufferWriter<byte> stream) =>
        [.. MessageDecoder.DecodeAll(stream.WrittenSpan.ToArray(), Context).Select(r => (UpdateMessage)r.Result.Message!)];
}
