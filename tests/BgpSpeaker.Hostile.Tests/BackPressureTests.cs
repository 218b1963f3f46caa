using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Messages;
using Xunit.Abstractions;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// A peer that stops reading while we have a full table to send (issue 10 item 3), against a daemon of
/// its own: a feeder announces 200,000 prefixes and then re-announces them with new attributes, wave
/// after wave; the daemon passes them to a well-behaved receiver and to a peer that never reads.
/// The receiver's new routes must arrive as fast as before, memory must stay bounded, and the stuck
/// peer must be dropped once its send queue passes the limit (4 MiB here, via the hidden
/// <c>--max-send-queue</c>; 64 MiB by default).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class BackPressureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int TablePrefixes = 200_000;
    private const int PerUpdate = 1000; // 1,000 /24s: an UPDATE of about 4,040 octets, under 4,096
    private const long QueueLimit = 4L << 20;
    private const int MaxWaves = 40;

    private static readonly IPAddress Feeder = IPAddress.Parse("127.0.2.1");
    private static readonly IPAddress Stuck = IPAddress.Parse("127.0.2.2");
    private static readonly IPAddress Receiver = IPAddress.Parse("127.0.2.3");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"bgph-bp-{Guid.NewGuid():N}");
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly ConcurrentDictionary<string, long> _seen = new(); // probe prefix → Stopwatch ticks at arrival
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private DaemonProcess _daemon = null!; // disposed through _owned
    private long _received;
    private int _probes;

    public async Task InitializeAsync()
    {
        var yaml = string.Join('\n', [
            "asn: 65000", "routerId: 10.255.255.1", "listen:", "  addresses: [\"127.0.0.1\"]", "neighbors:",
            .. new[] { (Feeder, 65101, "feeder"), (Stuck, 65102, "stuck"), (Receiver, 65103, "receiver") }
                .SelectMany(n => new[] { $"  - address: {n.Item1}", $"    remoteAs: {n.Item2}", $"    description: {n.Item3}", "    passive: true", "    import: accept", "    export: accept" }),
            ""]);
        _daemon = new DaemonProcess(_directory, yaml, Ports.Free(), "--max-send-queue", QueueLimit.ToString(CultureInfo.InvariantCulture));
        _owned.Add(_daemon);
        await _daemon.StartAsync();
    }

    [Fact]
    public async Task APeerThatNeverReadsIsDroppedAndDelaysNoOneElse()
    {
        var receiver = await EstablishAsync(Receiver, 65103);
        var stuck = await EstablishAsync(Stuck, 65102, receiveBuffer: 16 * 1024);
        var feeder = await EstablishAsync(Feeder, 65101);
        var watch = Task.Run(() => WatchReceiverAsync(receiver));

        await SendWaveAsync(feeder, 0);
        await MarkerAsync(feeder);
        Assert.True(Interlocked.Read(ref _received) >= TablePrefixes, $"the receiver got {_received} prefixes");
        var baseline = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            baseline.Add(await ProbeAsync(feeder));
        }
        long managedBefore = await ManagedBytesAsync();
        long rssBefore = _daemon.ResidentKib();

        stuck.StopReading();
        var whileStuck = new List<double>();
        long rssPeak = rssBefore;
        long queuePeak = 0;
        int waves = 0;
        while (await StateAsync("stuck") == "Established")
        {
            Assert.True(++waves <= MaxWaves, $"the stuck peer was not dropped after {MaxWaves} waves; queue {queuePeak} octets\n{_daemon.Log}");
            await SendWaveAsync(feeder, waves);
            queuePeak = Math.Max(queuePeak, (await _daemon.NeighborAsync("stuck")).GetProperty("sendQueueBytes").GetInt64());
            await MarkerAsync(feeder);
            whileStuck.Add(await ProbeAsync(feeder));
            rssPeak = Math.Max(rssPeak, _daemon.ResidentKib());
        }
        var afterDrop = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            afterDrop.Add(await ProbeAsync(feeder));
        }
        long managedAfter = await ManagedBytesAsync();

        // What the stuck peer sees once it reads again: whatever TCP had buffered, then the end.
        stuck.ResumeReading();
        var end = await stuck.UntilClosedAsync(TimeSpan.FromSeconds(30));
        var notification = end.Select(i => i.Notification).LastOrDefault(n => n is not null);
        var stuckDown = (await _daemon.NeighborAsync("stuck")).GetProperty("lastDown");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            never-reading peer: table {TablePrefixes} prefixes, {waves} re-announcement waves until the drop; send-queue limit {QueueLimit} octets, largest queue seen {queuePeak}
            new-route delay to the receiver, ms: baseline {Describe(baseline)}; while the peer was stuck {Describe(whileStuck)}; after the drop {Describe(afterDrop)}
            daemon memory: managed {managedBefore / 1048576.0:0.0} MiB before, {managedAfter / 1048576.0:0.0} MiB after the drop; RSS {rssBefore / 1024.0:0.0} MiB before, peak {rssPeak / 1024.0:0.0} MiB
            the stuck peer saw: {(notification is null ? "no NOTIFICATION" : $"NOTIFICATION {notification.Describe()}")}, then {end[^1]}
            daemon: lastDown {stuckDown.GetProperty("reason").GetString()}
            """));

        Assert.Contains($"dropped: more than {QueueLimit} octets of UPDATEs wait for a peer that does not read", _daemon.Log, StringComparison.Ordinal);
        Assert.Contains("Out of Resources", stuckDown.GetProperty("reason").GetString(), StringComparison.Ordinal);
        // What actually happens: the send queue aborts the connection's writes first (a flush stuck on a
        // full socket must be unblocked), so the Cease recorded in lastDown never reaches the peer; it
        // reads what TCP had buffered and then a close.
        Assert.Null(notification);
        Assert.True(end[^1].IsClosed);
        // The receiver's new routes arrive no slower while a neighbor is stuck: within 3x the median
        // baseline plus 100 ms (two cores shared with the test itself), and never past half a second.
        double bound = (3 * Median(baseline)) + 100;
        Assert.True(Median(whileStuck) <= bound, $"median delay while stuck {Median(whileStuck):0} ms > {bound:0} ms (baseline {Describe(baseline)})");
        Assert.True(whileStuck.Max() <= 500, $"slowest delay while stuck {whileStuck.Max():0} ms");
        Assert.True(queuePeak <= QueueLimit, $"queue {queuePeak} above the limit");
        // RSS peaks with the garbage of re-deciding 200,000 prefixes per wave (the GC keeps freed
        // segments a while; 114 to 186 MiB above the baseline in our runs), so it gets only a sanity
        // bound; what a stuck peer could grow is the live heap, which is back near where it was, and
        // its queue, which never passed the limit.
        Assert.True(rssPeak < 512 * 1024, $"RSS peaked at {rssPeak / 1024} MiB");
        Assert.True(managedAfter - managedBefore < 16L << 20, $"managed memory grew by {(managedAfter - managedBefore) >> 20} MiB");
        Assert.Equal("Established", await StateAsync("receiver"));
        Assert.Equal(0, (await _daemon.NeighborAsync("receiver")).GetProperty("flaps").GetInt32());
        Assert.DoesNotContain(receiver.Drain(), i => i.IsClosed || i.Message is NotificationMessage);
        Assert.False(watch.IsFaulted);
    }

    private async Task<WirePeer> EstablishAsync(IPAddress address, uint asn, int? receiveBuffer = null)
    {
        var peer = await WirePeer.ConnectAsync(address, new IPEndPoint(IPAddress.Loopback, _daemon.Port), receiveBuffer);
        _owned.Insert(0, peer);
        await peer.EstablishAsync(WirePeer.Open(asn, 0, address.ToString()));
        return peer;
    }

    /// <summary>COMMUNITIES 65101:<paramref name="value"/>: transitive, so unlike a MED it reaches the other peers and makes each wave a change for them.</summary>
    private static byte[] Community(int value) => Raw.Attr(Raw.OptionalTransitive, 8, Raw.U32((65101u << 16) | (uint)value));

    /// <summary>The whole table, every prefix with community 65101:<paramref name="wave"/>: 200 UPDATEs.</summary>
    private static async Task SendWaveAsync(WirePeer feeder, int wave)
    {
        var attributes = Raw.Cat(Raw.Origin(), Raw.AsPath(65101), Raw.NextHop("198.18.0.1"), Community(wave));
        for (int first = 0; first < TablePrefixes; first += PerUpdate)
        {
            var nlri = Raw.Nlri([.. Enumerable.Range(first, PerUpdate).Select(i => $"{20 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}.0/24")]);
            await feeder.SendAsync(Raw.Update(attributes, nlri));
        }
    }

    /// <summary>Announces one new prefix (its own community, so its own UPDATE) and returns how long it took to reach the receiver, in ms.</summary>
    private async Task<double> ProbeAsync(WirePeer feeder)
    {
        int n = Interlocked.Increment(ref _probes);
        var prefix = $"30.{n >> 8}.{n & 255}.0/24";
        long sent = _clock.ElapsedTicks;
        await feeder.SendAsync(Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(65101), Raw.NextHop("198.18.0.1"), Community(40_000 + n)), Raw.Nlri(prefix)));
        long arrived = 0;
        await Wait.UntilAsync(() => Task.FromResult(_seen.TryGetValue(prefix, out arrived)), TimeSpan.FromSeconds(60), $"probe {prefix} at the receiver", () => _daemon.Log);
        return (arrived - sent) * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>A probe not measured: once it arrives, everything sent before it has reached the receiver.</summary>
    private Task<double> MarkerAsync(WirePeer feeder) => ProbeAsync(feeder);

    private async Task WatchReceiverAsync(WirePeer receiver)
    {
        while (await receiver.ReceiveAsync(TimeSpan.FromMinutes(5)) is { IsClosed: false } item)
        {
            if (item.Message is UpdateMessage update)
            {
                Interlocked.Add(ref _received, update.Nlri.Count);
                if (update.Nlri.Count <= 10) // probes, not table waves
                {
                    foreach (var entry in update.Nlri.ToList())
                    {
                        _seen.TryAdd(entry.Prefix.ToString(), _clock.ElapsedTicks);
                    }
                }
            }
        }
    }

    private async Task<string> StateAsync(string name) => (await _daemon.NeighborAsync(name)).GetProperty("state").GetString()!;

    private async Task<long> ManagedBytesAsync() => (await _daemon.ShowAsync("memory")).GetProperty("memory").GetProperty("managedBytes").GetInt64();

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Describe(List<double> values) => string.Create(CultureInfo.InvariantCulture,
        $"median {Median(values):0.0}, max {values.Max():0.0} (n={values.Count})");

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
