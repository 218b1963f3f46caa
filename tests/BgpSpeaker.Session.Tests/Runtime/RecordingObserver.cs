using System.Threading.Channels;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Session.Runtime;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Tests.Runtime;

/// <summary>Records what a runner reports, in order, for tests to await.</summary>
internal sealed class RecordingObserver : IPeerObserver
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();

    public List<string> Notes { get; } = [];

    public void StateChanged(PeerRunner peer, SessionState previous, SessionState current) => _events.Writer.TryWrite(current);

    public ValueTask EstablishedAsync(PeerRunner peer, NegotiatedSession session, CancellationToken cancellationToken) => Write(session);

    public ValueTask UpdateReceivedAsync(PeerRunner peer, UpdateMessage update, CancellationToken cancellationToken) => Write(update);

    public ValueTask RouteRefreshReceivedAsync(PeerRunner peer, RouteRefreshMessage message, CancellationToken cancellationToken) => Write(message);

    public ValueTask DownAsync(PeerRunner peer, DownReason reason, CancellationToken cancellationToken) => Write(reason);

    public void ConnectionNote(PeerRunner peer, string remote, string what)
    {
        lock (Notes)
        {
            Notes.Add(what);
        }
    }

    private ValueTask Write(object item) => _events.Writer.WriteAsync(item);

    /// <summary>Waits for the next report of type <typeparamref name="T"/>, skipping others.</summary>
    public async Task<T> NextAsync<T>(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var item = await _events.Reader.ReadAsync(cts.Token);
            if (item is T match)
            {
                return match;
            }
        }
    }

    public Task ReachesAsync(SessionState state) => WaitForStateAsync(state);

    private async Task WaitForStateAsync(SessionState state)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await _events.Reader.ReadAsync(cts.Token) is SessionState s && s == state)
            {
                return;
            }
        }
    }
}
