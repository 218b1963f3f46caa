using System.Threading.Channels;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Session.Negotiation;
using BgpSpeaker.Session.Transport;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Runtime;

/// <summary>
/// Drives one peer: the single owner of its <see cref="SessionFsm"/> and of its connection. Everything
/// that can change the session (bytes read, timers, operator commands, connection attempts) arrives
/// as a message in one bounded inbox and is handled in order, so no lock guards the FSM.
/// </summary>
public sealed partial class PeerRunner : IAsyncDisposable
{
    // Bytes read from the connection: bounded, so a full inbox pauses reading and, through TCP, the peer.
    private readonly Channel<Envelope> _inbox = Channel.CreateBounded<Envelope>(
        new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Commands (operator, routing loop, our own tasks): unbounded and few, so a sender never waits on
    // this runner; the routing loop must not, or a runner waiting on the routing loop would deadlock it.
    private readonly Channel<Envelope> _commands = Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IPeerConnector? _connector;
    private readonly IPeerObserver _observer;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private Task? _sender;

    public PeerRunner(string name, PeerSettings settings, IPeerConnector? connector, IPeerObserver observer, TimeProvider time, Random? random = null)
    {
        Name = name;
        Fsm = new SessionFsm(settings, random);
        _connector = connector;
        _observer = observer;
        _time = time;
    }

    /// <summary>The peer as operators name it (its address, or the configured description).</summary>
    public string Name { get; }

    /// <summary>Read only from the runner's own loop or for display; never mutated outside it.</summary>
    public SessionFsm Fsm { get; }

    public SessionState State => Fsm.State;

    public NegotiatedSession? Negotiated => Fsm.Negotiated;

    /// <summary>The current connection's counters, kept across reconnects by the runner.</summary>
    public MessageCounters Received { get; } = new();

    public MessageCounters Sent { get; } = new();

    public int Flaps { get; private set; }

    /// <summary>Our address on the established connection: the next hop we announce to this peer.</summary>
    public System.Net.IPAddress? LocalAddress => _established?.Connection.LocalAddress;

    /// <summary>The peer's address and port on the current connection.</summary>
    public string? RemoteEndPoint => _current?.Connection.RemoteEndPoint;

    /// <summary>Starts the loop; the session starts at once unless <paramref name="start"/> is false (administratively down).</summary>
    public void Start(bool start = true)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token));
        _sender = Task.Run(() => SendLoopAsync(_stopping.Token));
        if (start)
        {
            Post(new Envelope.Operator(new SessionEvent.ManualStart()));
        }
    }

    /// <summary>Hands over an accepted connection from this peer's address.</summary>
    public ValueTask AcceptAsync(IBgpTransport transport) =>
        _inbox.Writer.WriteAsync(new Envelope.InboundAccepted(new BgpConnection(transport)), _stopping.Token);

    /// <summary>Administrative shutdown: sends Cease with <paramref name="notification"/> and stays down. Never waits.</summary>
    public void Shutdown(NotificationMessage? notification = null) => Request(new SessionEvent.ManualStop(notification));

    /// <summary>Local stop that restarts after the idle hold time, or after <paramref name="restartAfter"/> (max-prefix). Never waits.</summary>
    public void AutomaticStop(NotificationMessage notification, TimeSpan? restartAfter = null) =>
        Request(new SessionEvent.AutomaticStop(notification, restartAfter));

    /// <summary>The link under the session is gone: drop it now and stay down until <see cref="StartSession"/>. Never waits.</summary>
    public void LinkDown(string why) => Request(new SessionEvent.LinkDown(why));

    /// <summary>Operator start (also forgets the back-off). Never waits.</summary>
    public void StartSession() => Request(new SessionEvent.ManualStart());

    /// <summary>A reload's new settings: passive, connect retry, delay open and idle hold apply at once. Never waits.</summary>
    public void Reconfigure(PeerSettings settings) => Request(new SessionEvent.Reconfigure(settings));

    /// <summary>Hands the FSM an event from outside (operator, routing loop, link monitor) without waiting.</summary>
    public void Request(SessionEvent e) => Post(new Envelope.Operator(e));

    private void Post(Envelope envelope) => _commands.Writer.TryWrite(envelope);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var envelope = await ReceiveAsync(Fsm.NextDeadline, cancellationToken).ConfigureAwait(false);
                var actions = envelope is null ? Tick() : Handle(envelope);
                await ExecuteAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The next inbox message, or null when <paramref name="deadline"/> passes first.</summary>
    private async ValueTask<Envelope?> ReceiveAsync(DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_deferred.TryDequeue(out var deferred))
            {
                return deferred;
            }
            if (_commands.Reader.TryRead(out var command) || _inbox.Reader.TryRead(out command))
            {
                return command;
            }
            var wait = deadline is { } at ? at - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (deadline is not null && wait <= TimeSpan.Zero)
            {
                return null;
            }
            // The timer runs on the injected clock, so tests drive timers with a fake one.
            using var timer = deadline is null ? null : new CancellationTokenSource(wait, _time);
            using var timeout = timer is null
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
                : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                var inbox = _inbox.Reader.WaitToReadAsync(timeout.Token).AsTask();
                var commands = _commands.Reader.WaitToReadAsync(timeout.Token).AsTask();
                if (!await await Task.WhenAny(inbox, commands).ConfigureAwait(false))
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        if (_sender is not null)
        {
            await _sender.ConfigureAwait(false);
        }
        await CloseAllAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
