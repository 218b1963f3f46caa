using System.Threading.Channels;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>Running totals of a <see cref="LinkMonitor"/> (read from any thread).</summary>
public sealed class LinkMonitorCounters
{
    internal long _overruns, _resynchronisations, _malformed, _dumpFailures, _receiveErrors;

    /// <summary>Times the kernel dropped notifications because our receive queue was full (ENOBUFS).</summary>
    public long Overruns => Volatile.Read(ref _overruns);

    /// <summary>Full re-reads of links and addresses, including the first one.</summary>
    public long Resynchronisations => Volatile.Read(ref _resynchronisations);

    public long Malformed => Volatile.Read(ref _malformed);
    public long DumpFailures => Volatile.Read(ref _dumpFailures);
    public long ReceiveErrors => Volatile.Read(ref _receiveErrors);
}

/// <summary>
/// Watches the links and addresses of the network namespace it was opened in and reports changes as
/// <see cref="LinkEvent"/>s on <see cref="Events"/>. One socket both subscribes (links, IPv4 and IPv6
/// addresses) and dumps, so a dump's answers and the notifications arrive in the order the kernel made
/// them: subscribe first, then dump, and no change can fall between the two.
/// <code>
///  Start ─► dump links ─► dump IPv4 addrs ─► dump IPv6 addrs ─► LinkSnapshotComplete ─► notifications …
///  ENOBUFS (notifications lost) ─► count it, dump everything again, report what vanished as removed
/// </code>
/// </summary>
public sealed partial class LinkMonitor : IDisposable
{
    private const int PollMilliseconds = 200;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly NetlinkSocket _socket;
    private readonly Channel<LinkEvent> _events = Channel.CreateUnbounded<LinkEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    private LinkMonitor(NetlinkSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Events in kernel order; completes when the monitor is disposed.</summary>
    public ChannelReader<LinkEvent> Events => _events.Reader;

    public LinkMonitorCounters Counters { get; } = new();

    /// <summary>
    /// Opens the monitor's socket in the calling thread's network namespace and subscribes at once;
    /// notifications queue up (up to <paramref name="receiveBufferBytes"/>) until <see cref="Start"/>.
    /// </summary>
    public static LinkMonitor Open(int receiveBufferBytes = NetlinkSocket.DefaultReceiveBufferBytes) =>
        new(NetlinkSocket.Open(receiveBufferBytes, RtnetlinkGroup.Link, RtnetlinkGroup.Ipv4Address, RtnetlinkGroup.Ipv6Address));

    /// <summary>Starts reading on a dedicated thread: first the full state, then changes.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            return;
        }
        _thread = new Thread(() => Run(_stop.Token)) { IsBackground = true, Name = "rtnetlink link monitor" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
        _events.Writer.TryComplete();
        _stop.Dispose();
    }

    private enum DumpKind
    {
        Links,
        Ipv4Addresses,
        Ipv6Addresses,
    }
}
