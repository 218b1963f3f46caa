using System.Net;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>
/// The well-behaved neighbor: established before any hostile peer shows up, announces one route, sends
/// KEEPALIVEs every 3 s (hold time 9) for the whole run and records anything that would mean its
/// session was reset.
/// </summary>
internal sealed class GoodPeer : IAsyncDisposable
{
    public const string Name = "good";
    public const uint As = 65003;
    public const string Prefix = "198.51.100.0/24";
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.3");

    private readonly WirePeer _peer;
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;
    private Task _keepalives = Task.CompletedTask;
    private int _keepalivesReceived;

    private GoodPeer(WirePeer peer) => _peer = peer;

    /// <summary>Set when the daemon sent a NOTIFICATION or closed the connection: the good session was reset.</summary>
    public string? Failure { get; private set; }

    public int KeepalivesReceived => Volatile.Read(ref _keepalivesReceived);

    private readonly HashSet<string> _held = [];

    /// <summary>Whether the daemon announced <paramref name="prefix"/> (IPv4 unicast) to the good peer and has not withdrawn it.</summary>
    public bool Holds(string prefix)
    {
        lock (_held)
        {
            return _held.Contains(prefix);
        }
    }

    public static async Task<GoodPeer> StartAsync(IPEndPoint daemon)
    {
        var good = new GoodPeer(await WirePeer.ConnectAsync(Address, daemon));
        await good._peer.EstablishAsync(WirePeer.Open(As, 9, "10.0.0.3"));
        await good._peer.SendAsync(Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(As), Raw.NextHop("198.51.100.1")), Raw.Nlri(Prefix)));
        good._watch = Task.Run(good.WatchAsync);
        good._keepalives = Task.Run(good.KeepaliveAsync);
        return good;
    }

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var item = await _peer.ReceiveAsync(TimeSpan.FromSeconds(1));
            if (item?.Message is KeepaliveMessage)
            {
                Interlocked.Increment(ref _keepalivesReceived);
            }
            else if (item?.Message is UpdateMessage update)
            {
                lock (_held)
                {
                    _held.ExceptWith(update.Withdrawn.ToList().Select(e => e.Prefix.ToString()));
                    _held.UnionWith(update.Nlri.ToList().Select(e => e.Prefix.ToString()));
                }
            }
            else if (item is { IsClosed: true } or { Message: NotificationMessage })
            {
                Failure ??= $"the good peer got {item}";
                return;
            }
        }
    }

    private async Task KeepaliveAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _peer.SendAsync(KeepaliveMessage.Instance);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            Failure ??= $"the good peer could not send a KEEPALIVE: {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _keepalives;
        await _watch;
        await _peer.DisposeAsync();
        _stop.Dispose();
    }
}
