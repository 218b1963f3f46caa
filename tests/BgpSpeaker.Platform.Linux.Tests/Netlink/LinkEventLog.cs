using System.Threading.Channels;
using BgpSpeaker.Platform.Linux.Netlink;

namespace BgpSpeaker.Platform.Linux.Tests.Netlink;

/// <summary>Reads a monitor's events in a test: waits for one that matches, keeping what it saw for messages.</summary>
internal sealed class LinkEventLog(ChannelReader<LinkEvent> events)
{
    private readonly List<LinkEvent> _seen = [];

    public IReadOnlyList<LinkEvent> Seen => _seen;

    public T WaitFor<T>(Func<T, bool> match, string what, int timeoutMilliseconds = 10_000)
        where T : LinkEvent
    {
        using var timeout = new CancellationTokenSource(timeoutMilliseconds);
        try
        {
            while (true)
            {
                var next = events.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
                _seen.Add(next);
                if (next is T typed && match(typed))
                {
                    return typed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no event {what} within {timeoutMilliseconds} ms; saw:\n{string.Join('\n', _seen.TakeLast(30))}");
            throw;
        }
    }

    public LinkSnapshotComplete WaitForSnapshot(int timeoutMilliseconds = 10_000) =>
        WaitFor<LinkSnapshotComplete>(_ => true, "snapshot complete", timeoutMilliseconds);

    /// <summary>Links by index as the events so far describe them (removed ones dropped).</summary>
    public Dictionary<int, LinkState> Links()
    {
        var links = new Dictionary<int, LinkState>();
        foreach (var link in _seen.OfType<LinkState>())
        {
            if (link.Removed)
            {
                links.Remove(link.Index);
            }
            else
            {
                links[link.Index] = link;
            }
        }
        return links;
    }

    /// <summary>Everything already queued, without waiting.</summary>
    public void Drain()
    {
        while (events.TryRead(out var next))
        {
            _seen.Add(next);
        }
    }
}
