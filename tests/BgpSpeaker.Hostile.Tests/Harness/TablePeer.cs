using System.Net;
using BgpSpeaker.Wire.Messages;

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
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    private TablePeer(WirePeer peer, byte[][] announcements) => (_peer, _announcements) = (peer, announcements);

    public string? Failure { get; private set; }

    /// <summary>Connects from <paramref name="source"/>, opens with hold time 0 (no KEEPALIVEs due) and announces.</summary>
    public static async Task<TablePeer> StartAsync(IPAddress source, IPEndPoint daemon, uint asn, string routerId, params byte[][] announcements)
    {
        var peer = new TablePeer(await WirePeer.ConnectAsync(source, daemon), announcements);
        await peer._peer.NextAsync<OpenMessage>("the daemon's OPEN");
        await peer._peer.SendAsync(WirePeer.Open(asn, 0, routerId));
        await peer._peer.SendAsync(KeepaliveMessage.Instance);
        peer._pump = Task.Run(peer.PumpAsync);
        await peer.AnnounceAllAsync();
        return peer;
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
            foreach (var withdrawn in update.Withdrawn)
            {
                _received.Remove(withdrawn.Prefix.ToString());
            }
            if (update.Attributes is { } attributes)
            {
                string value = $"[{attributes.AsPath}] [{string.Join(" ", attributes.Communities)}]";
                foreach (var entry in update.Nlri)
                {
                    _received[entry.Prefix.ToString()] = value;
                }
            }
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
