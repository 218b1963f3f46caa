using System.Net;
using System.Net.NetworkInformation;
using System.Threading.Channels;
using BgpSpeaker.Platform.Linux.Icmpv6.Codec;
using BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

namespace BgpSpeaker.Platform.Linux.Icmpv6;

/// <summary>
/// Runs Router Discovery on the fabric interfaces: one <see cref="RouterDiscoverySocket"/>, one
/// <see cref="RouterDiscovery"/> per interface, and a single loop that owns them all. The daemon feeds
/// link and address events (from rtnetlink) and incoming BGP connections, and reads peer events.
/// Every input method only queues, so it is safe from any thread.
/// </summary>
public sealed partial class RouterDiscoveryDriver : IAsyncDisposable
{
    private readonly RouterDiscoverySocket _socket;
    private readonly RouterDiscoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Channel<Input> _inputs = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<RouterDiscoveryEvent> _events = Channel.CreateUnbounded<RouterDiscoveryEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Dictionary<int, Link> _links = [];
    private readonly DriverCounters _counters = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Task _receiver;
    private volatile IReadOnlyList<InterfaceDiscoveryStatus> _status = [];
    private volatile string? _lastMalformed;
    private int _disposed;

    private RouterDiscoveryDriver(RouterDiscoverySocket socket, RouterDiscoveryOptions options, TimeProvider time)
    {
        _socket = socket;
        _options = options;
        _time = time;
        _started = time.GetTimestamp();
        _loop = Task.Run(() => RunAsync(_stop.Token));
        _receiver = Task.Run(() => ReceiveAsync(_stop.Token));
    }

    /// <summary>Opens the socket in the calling thread's network namespace and starts the loops.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">No raw socket (CAP_NET_RAW missing).</exception>
    /// <exception cref="ArgumentException">The options are not usable (see <see cref="RouterDiscoveryOptions.Validate"/>).</exception>
    public static RouterDiscoveryDriver Start(RouterDiscoveryOptions? options = null, TimeProvider? time = null)
    {
        options ??= new RouterDiscoveryOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        return new RouterDiscoveryDriver(RouterDiscoverySocket.Open(), options, time ?? TimeProvider.System);
    }

    /// <summary>Peer learned, changed, lost or stale, second routers, and every state change.</summary>
    public ChannelReader<RouterDiscoveryEvent> Events => _events.Reader;

    public RouterDiscoveryCounters Counters => _counters.Snapshot();

    /// <summary>Why the last malformed packet was dropped (with its source and interface), for a rate-limited log line.</summary>
    public string? LastMalformed => _lastMalformed;

    /// <summary>Each interface's state as of the loop's last step, for <c>show neighbors</c>.</summary>
    public IReadOnlyList<InterfaceDiscoveryStatus> Interfaces => _status;

    /// <summary>Adds (or renames) a fabric interface. It starts as link down until <see cref="LinkUp"/>.</summary>
    /// <param name="linkLayerAddress">Its MAC, sent in our RSs and RAs; null to leave the option out.</param>
    public void AddInterface(FabricInterface fabricInterface, PhysicalAddress? linkLayerAddress = null) =>
        Post(new AddInterfaceInput(fabricInterface, linkLayerAddress));

    public void RemoveInterface(int index) => Post(new RemoveInterfaceInput(index));

    public void LinkUp(int index) => Post(new LinkInput(index, Up: true));

    public void LinkDown(int index) => Post(new LinkInput(index, Up: false));

    public void AddressTentative(int index, IPAddress linkLocal) => Post(new AddressInput(index, linkLocal, AddressChange.Tentative));

    public void AddressUsable(int index, IPAddress linkLocal) => Post(new AddressInput(index, linkLocal, AddressChange.Usable));

    public void AddressRemoved(int index, IPAddress linkLocal) => Post(new AddressInput(index, linkLocal, AddressChange.Removed));

    /// <summary>A BGP connection arrived from <paramref name="source"/> on the interface.</summary>
    public void IncomingConnection(int index, IPAddress source) => Post(new ConnectionInput(index, source));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _inputs.Writer.TryComplete();
        await Task.WhenAll(_loop, _receiver).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
        _events.Writer.TryComplete();
    }

    private void Post(Input input) => _inputs.Writer.TryWrite(input);

    private TimeSpan Now => _time.GetElapsedTime(_started);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        Task<bool>? inputWaiting = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            while (_inputs.Reader.TryRead(out var input))
            {
                Apply(input);
            }
            foreach (var link in _links.Values)
            {
                Execute(link, link.Machine.Tick(Now));
            }
            PublishStatus();
            inputWaiting ??= _inputs.Reader.WaitToReadAsync(cancellationToken).AsTask();
            if (!await WaitAsync(inputWaiting, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            if (!await inputWaiting.ConfigureAwait(false))
            {
                return; // inputs completed: disposing
            }
            inputWaiting = null;
        }
    }

    /// <summary>Waits for input or the next deadline; true when input is ready.</summary>
    private async Task<bool> WaitAsync(Task<bool> inputWaiting, CancellationToken cancellationToken)
    {
        var deadline = _links.Values.Select(l => l.Machine.NextDeadline).Where(d => d is not null).Min();
        if (deadline is null)
        {
            await Task.WhenAny(inputWaiting).ConfigureAwait(false);
            return true;
        }
        var delay = deadline.Value - Now;
        if (delay <= TimeSpan.Zero)
        {
            return inputWaiting.IsCompleted;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay, _time, timer.Token);
        var first = await Task.WhenAny(inputWaiting, elapsed).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        return first == inputWaiting;
    }

    private void PublishStatus() =>
        _status = _links.Values
            .Select(l => new InterfaceDiscoveryStatus(l.Machine.Interface, l.Machine.State, l.Machine.Describe(),
                l.Machine.Peer, l.Machine.OtherRouters, l.LastSendError))
            .OrderBy(s => s.Interface.Name, StringComparer.Ordinal)
            .ToList();

    private sealed class Link(RouterDiscovery machine, PhysicalAddress? linkLayerAddress)
    {
        public RouterDiscovery Machine { get; set; } = machine;
        public PhysicalAddress? LinkLayerAddress { get; set; } = linkLayerAddress;
        public bool JoinedAllRouters { get; set; }
        public string? LastSendError { get; set; }
    }
}

/// <summary>One interface's Router Discovery state, in data and in plain words.</summary>
/// <param name="LastSendError">Why the last RA or RS could not be sent; null after a success.</param>
public sealed record InterfaceDiscoveryStatus(
    FabricInterface Interface,
    DiscoveryState State,
    string Description,
    IPAddress? Peer,
    IReadOnlyList<IPAddress> OtherRouters,
    string? LastSendError);
