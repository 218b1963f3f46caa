using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>
/// One hostile neighbor address: each test takes a fresh one, because a session the daemon resets is
/// refused during its idle hold, which backs off exponentially (up to 60 s) per neighbor.
/// </summary>
internal sealed record HostileSlot(int Index)
{
    public IPAddress Address => IPAddress.Parse($"127.0.1.{Index}");

    public string Name => $"hostile-{Index}";

    public string RouterId => $"10.1.0.{Index}";

    /// <summary>A prefix only this slot announces.</summary>
    public string Subject => $"10.{Index}.0.0/24";

    /// <summary>A second prefix of this slot, announced after the message under test to prove it was processed.</summary>
    public string Probe => $"10.{Index}.1.0/24";
}

/// <summary>The fixture's <c>localPeers</c> entry: a load-balancer speaker's range on loopback (127.0.2.0/29).</summary>
internal static class LocalPeer
{
    public const string Name = "lb";
    public const string Range = "127.0.2.0/29";
    public const uint As = 65004;
    public const uint OtherAs = 65005;
    public const int MaxPeers = 2;
    public const string Pool = "10.96.0.0/12";

    public static IPAddress Address(int host) => IPAddress.Parse($"127.0.2.{host}");
}

/// <summary>
/// Starts one real <c>bgpspeaker run</c> on 127.0.0.1 (a free port) with passive neighbors on loopback
/// addresses: the well-behaved <see cref="GoodPeer"/> (127.0.0.3), established first and kept up for
/// the whole run, and <see cref="HostileCount"/> hostile ones (127.0.1.N).
/// </summary>
public sealed class DaemonFixture : IAsyncLifetime
{
    public const int HostileCount = 64;
    public const uint DaemonAs = 65000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"bgph-{Guid.NewGuid():N}");
    private int _nextSlot;

    internal DaemonProcess Daemon { get; private set; } = null!;

    internal GoodPeer Good { get; private set; } = null!;

    internal IPEndPoint EndPoint => new(IPAddress.Loopback, Daemon.Port);

    /// <summary>The daemon's /metrics, /healthz and /readyz.</summary>
    internal int MetricsPort { get; } = Ports.Free();

    internal HostileSlot NextHostile()
    {
        int index = Interlocked.Increment(ref _nextSlot);
        Assert.True(index <= HostileCount, $"only {HostileCount} hostile neighbors are configured; raise HostileCount");
        return new HostileSlot(index);
    }

    public async Task InitializeAsync()
    {
        Daemon = new DaemonProcess(_directory, Config(MetricsPort), Ports.Free());
        await Daemon.StartAsync();
        Good = await GoodPeer.StartAsync(EndPoint);
        await Wait.UntilAsync(async () => (await Daemon.RoutesFromAsync(GoodPeer.Name)).ContainsKey(GoodPeer.Prefix),
            Wait.Default, "the good peer's route", () => Daemon.Log);
    }

    private static string Config(int metricsPort)
    {
        var yaml = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            asn: {DaemonAs}
            routerId: 10.255.255.1
            listen:
              addresses: ["127.0.0.1"]
            timers:
              holdTime: 9
            metrics:
              listen: 127.0.0.1:{metricsPort}
            networks:
              - prefix: 203.0.113.0/24
            localPeers:
              - name: {LocalPeer.Name}
                ranges: ["{LocalPeer.Range}"]
                remoteAs: [{LocalPeer.As}, {LocalPeer.OtherAs}]
                maxPeers: {LocalPeer.MaxPeers}
                pools: ["{LocalPeer.Pool}"]
            neighbors:
              - address: {GoodPeer.Address}
                remoteAs: {GoodPeer.As}
                description: {GoodPeer.Name}
                passive: true
                import: accept
                export: accept

            """));
        for (int i = 1; i <= HostileCount; i++)
        {
            var slot = new HostileSlot(i);
            yaml.Append(CultureInfo.InvariantCulture, $"""
                  - address: {slot.Address}
                    remoteAs: {Raw.HostileAs}
                    description: {slot.Name}
                    passive: true
                    import: accept
                    export: accept

                """);
        }
        return yaml.ToString();
    }


    public async Task DisposeAsync()
    {
        if (Good is not null)
        {
            await Good.DisposeAsync();
        }
        if (Daemon is not null)
        {
            await Daemon.DisposeAsync();
        }
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DaemonCollection : ICollectionFixture<DaemonFixture>
{
    public const string Name = "one bgpspeaker";
}
