using System.Net;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>
/// A well-behaved peer with a table: announces its routes, answers ROUTE-REFRESH by sending them again
/// (as a real router does when the daemon's import policy changes), and keeps what the daemon
/// announces to it (prefix → AS path and communities), so a test can compare whole states.
/// </summary>
internal sealed class TablePeer : IAsyncDisposable
{
    private readonly WirePeer _peer;
    private readonly byte[][] _announcements;
    private readonly Dictionary<string, string> _received = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NextHop> _nextHops = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    private TablePeer(WirePeer peer, byte[][] announcements) => (_peer, _announcements) = (peer, announcements);

    public string? Failure { get; private set; }

    /// <summary>Connects from <paramref name="source"/>, opens with hold time 0 (no KEEPALIVEs due) and announces.</summary>
    public static Task<TablePeer> StartAsync(IPAddress source, IPEndPoint daemon, uint asn, string routerId, params byte[][] announcements) =>
        StartAsync(source, daemon, WirePeer.Open(asn, 0, routerId), announcements);

    public static async Task<TablePeer> StartAsync(IPAddress source, IPEndPoint daemon, OpenMessage open, params byte[][] announcements)
    {
        var peer = new TablePeer(await WirePeer.ConnectAsync(source, daemon), announcements);
        await peer._peer.NextAsync<OpenMessage>("the daemon's OPEN");
        await peer._peer.SendAsync(open);
        await peer._peer.SendAsync(KeepaliveMessage.Instance);
        peer._pump = Task.Run(peer.PumpAsync);
        await peer.AnnounceAllAsync();
        return peer;
    }

    /// <summary>The next hop the daemon gave <paramref name="prefix"/>, or null while it has not announced it.</summary>
    public NextHop? NextHopOf(string prefix)
    {
        lock (_received)
        {
            return _nextHops.TryGetValue(prefix, out var hop) ? hop : null;
        }
    }

    /// <summary>What the daemon announced to us, one line per prefix, sorted.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received.Select(r => $"{r.Key} {r.Value}").Order(StringComparer.Ordinal)];
            }
        }
    }

    private async Task AnnounceAllAsync()
    {
        foreach (var update in _announcements)
        {
            await _peer.SendAsync(update);
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            await ServeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failure ??= $"the table peer broke: {e}";
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var item = await _peer.ReceiveAsync(TimeSpan.FromMilliseconds(200));
            switch (item)
            {
                case null:
                    break;
                case { IsClosed: true } or { Message: NotificationMessage }:
                    Failure ??= $"the daemon ended the session: {item}";
                    return;
                case { Message: UpdateMessage update }:
                    Apply(update);
                    break;
                case { Message: RouteRefreshMessage { Subtype: RouteRefreshSubtype.Request } }:
                    await AnnounceAllAsync();
                    break;
            }
        }
    }

    private void Apply(UpdateMessage update)
    {
        lock (_received)
        {
            Withdraw(update.Withdrawn);
            if (update.MpUnreach is { } unreach)
            {
                Withdraw(unreach.Withdrawn);
            }
            if (update.Attributes is not { } attributes)
            {
                return;
            }
            string value = $"[{attributes.AsPath}] [{string.Join(" ", attributes.Communities)}]";
            // The daemon's next hop on loopback (127.0.0.1) is one a router would refuse; this peer keeps the route anyway.
            Announce(update.Nlri, value, update.NextHop ?? NextHop.V4(0));
            if (update.MpReach is { } reach)
            {
                Announce(reach.Nlri, value, reach.NextHop);
            }
        }
    }

    private void Withdraw(NlriBlock withdrawn)
    {
        foreach (var entry in withdrawn)
        {
            _received.Remove(entry.Prefix.ToString());
            _nextHops.Remove(entry.Prefix.ToString());
        }
    }

    private void Announce(NlriBlock nlri, string value, NextHop nextHop)
    {
        foreach (var entry in nlri)
        {
            _received[entry.Prefix.ToString()] = value;
            _nextHops[entry.Prefix.ToString()] = nextHop;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        await _peer.DisposeAsync();
        _stop.Dispose();
    }
}
