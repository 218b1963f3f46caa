using System.Net;
using BgpSpeaker.Configuration;
using BgpSpeaker.Platform.Linux.Sockets;

namespace BgpSpeaker.Daemon;

/// <summary>
/// The sessions of one <c>localPeers</c> entry: up to <c>maxPeers</c> slots, each a passive neighbor
/// that any address of the entry may take while it is free. Slots are made on first need and kept, so a
/// speaker that reconnects (or its replacement) finds the same name, counters and metric series; the
/// number of route sources and series stays bounded by <c>maxPeers</c>.
/// </summary>
internal sealed class LocalPeerPool(LocalPeerConfig config, Func<LocalPeerConfig, int, Task<Peer>> createSlot, TimeProvider time) : IDisposable
{
    // A claimed slot waits this long for its connection to reach the session before another may take it.
    private static readonly TimeSpan ClaimHold = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly List<Peer> _slots = [];
    private long _refusedFull, _refusedInterface;

    public LocalPeerConfig Config => config;

    /// <summary>The slots made so far (a snapshot: safe from any thread).</summary>
    public IReadOnlyList<Peer> Slots
    {
        get
        {
            lock (_slots)
            {
                return [.. _slots];
            }
        }
    }

    /// <summary>Connections refused because every slot was busy (maxPeers reached).</summary>
    public long RefusedFull => Interlocked.Read(ref _refusedFull);

    /// <summary>Connections from the range that arrived on another interface than the one configured.</summary>
    public long RefusedInterface => Interlocked.Read(ref _refusedInterface);

    /// <summary>
    /// Whether a connection from <paramref name="remote"/> to <paramref name="local"/> belongs to this
    /// entry: inside its ranges and, when an interface is configured, arriving on it. A connection in
    /// range on the wrong interface is counted as refused here.
    /// </summary>
    public bool Owns(IPAddress remote, IPAddress local)
    {
        if (!config.InRange(remote))
        {
            return false;
        }
        if (config.Interface is not { } name || ArrivedOn(name, remote, local))
        {
            return true;
        }
        if (config.Ranges.Count > 0)
        {
            Interlocked.Increment(ref _refusedInterface);
        }
        return false;
    }

    private static bool ArrivedOn(string name, IPAddress remote, IPAddress local) =>
        remote.IsIPv6LinkLocal && remote.ScopeId != 0
            ? InterfaceAddresses.NameOf((int)remote.ScopeId) == name
            : InterfaceAddresses.NameHolding(local) == name;

    /// <summary>
    /// The slot for a connection from <paramref name="remote"/>: the one it already has (a speaker that
    /// restarted: the session's collision rules decide), else a free one, else a new one while fewer than
    /// maxPeers exist. Null, counted, when all are busy.
    /// </summary>
    public async Task<Peer?> ClaimAsync(IPAddress remote, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var slots = Slots; // only this method adds to them, under _lock
            var slot = slots.FirstOrDefault(s => remote.Equals(s.Remote)) ?? slots.FirstOrDefault(s => IsFree(s, now));
            if (slot is null && slots.Count < config.MaxPeers)
            {
                slot = await createSlot(config, slots.Count + 1).ConfigureAwait(false);
                lock (_slots)
                {
                    _slots.Add(slot);
                }
            }
            if (slot is null)
            {
                Interlocked.Increment(ref _refusedFull);
                return null;
            }
            slot.Remote = remote;
            slot.ClaimedAt = now;
            return slot;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Waiting for a connection, with none in hand, and not just promised to another address (a claim
    /// is spent once a connection came and went since, or after <see cref="ClaimHold"/>).
    /// </summary>
    private static bool IsFree(Peer slot, DateTimeOffset now) =>
        slot.Runner.Fsm.AcceptsConnections && slot.Runner.RemoteEndPoint is null
        && (now - slot.ClaimedAt > ClaimHold || slot.Runner.Fsm.LastDown?.At > slot.ClaimedAt);

    /// <summary>Sessions Established now.</summary>
    public int Established => Slots.Count(s => s.Runner.Fsm.State == Session.Fsm.SessionState.Established);

    public void Dispose() => _lock.Dispose();
}
