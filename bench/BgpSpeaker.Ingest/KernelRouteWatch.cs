using System.Diagnostics;
using System.Runtime.InteropServices;
using BgpSpeaker.Platform.Linux.Netlink;

namespace BgpSpeaker.Ingest;

/// <summary>
/// The receiver namespace's kernel table as the kernel announces it: a thread that joined the namespace
/// listens to the IPv4 route notifications (RTNLGRP_IPV4_ROUTE) and keeps the set of main-table routes
/// of one protocol, timestamping when the set first reaches a target size. No daemon is asked anything
/// and nothing is polled: the kernel builds these notifications for every route write whether anyone
/// listens or not, and the daemons under test (zebra, BIRD's kernel protocol, bgpspeaker's FIB writer)
/// all listen to the same group. A receive buffer overrun (ENOBUFS) is answered by a full dump and
/// counted; the report shows the count.
/// </summary>
internal sealed partial class KernelRouteWatch : IDisposable
{
    private const int ReceiveBufferBytes = 512 * 1024 * 1024;

    private readonly byte _protocol;
    private readonly HashSet<(UInt128 Destination, byte Length)> _routes = new(1 << 20);
    private readonly Lock _lock = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private (int Count, TaskCompletionSource<long> Reached)? _waiter;

    public KernelRouteWatch(string namespaceName, byte protocol)
    {
        _protocol = protocol;
        _thread = new Thread(() => Run(namespaceName)) { IsBackground = true, Name = "kernel route watch" };
        _thread.Start();
        _ready.Task.Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Receive buffer overruns answered by a fresh dump.</summary>
    public int Overruns { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _routes.Count;
            }
        }
    }

    /// <summary>Completes with the Stopwatch timestamp of the notification that made the set hold exactly <paramref name="count"/> routes.</summary>
    public Task<long> WhenCountAsync(int count)
    {
        lock (_lock)
        {
            if (_routes.Count == count)
            {
                return Task.FromResult(Stopwatch.GetTimestamp());
            }
            var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (count, reached);
            return reached.Task;
        }
    }

    private void Run(string namespaceName)
    {
        try
        {
            using (var handle = File.OpenHandle($"/var/run/netns/{namespaceName}"))
            {
                if (setns((int)handle.DangerousGetHandle(), 0x40000000 /* CLONE_NEWNET */) != 0)
                {
                    throw new IOException($"setns {namespaceName}: errno {Marshal.GetLastPInvokeError()}");
                }
            }
            using var events = NetlinkSocket.Open(ReceiveBufferBytes, RtnetlinkGroup.Ipv4Route);
            using var dumps = NetlinkSocket.Open();
            var buffer = new byte[1 << 20];
            Resync(dumps, buffer);
            _ready.SetResult();
            var route = new KernelRoute();
            while (!_stopping)
            {
                if (!events.WaitReadable(200))
                {
                    continue;
                }
                var received = events.Receive(buffer);
                if (received.Errno == Errno.ENOBUFS)
                {
                    Overruns++;
                    Resync(dumps, buffer);
                    continue;
                }
                var reader = new NetlinkMessageReader(buffer.AsSpan(0, received.Length));
                while (reader.TryRead(out var message))
                {
                    if (RouteMessage.TryDecode(message, route, out _) && route.Protocol == _protocol && route.Table == KernelRoute.TableMain)
                    {
                        Apply(route.Destination, route.PrefixLength, message.Header.Type == NetlinkMessageType.NewRoute);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException)
        {
            _ready.TrySetException(e);
            Console.Error.WriteLine($"kernel route watch: {e.Message}");
        }
    }

    private void Apply(UInt128 destination, byte length, bool present)
    {
        lock (_lock)
        {
            if (present ? _routes.Add((destination, length)) : _routes.Remove((destination, length)))
            {
                CompleteIfReached();
            }
        }
    }

    /// <summary>Under the lock: the waiter's count is reached now.</summary>
    private void CompleteIfReached()
    {
        if (_waiter is { } waiter && _routes.Count == waiter.Count)
        {
            _waiter = null;
            waiter.Reached.SetResult(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Replaces the set with a dump of the main table's routes of our protocol.</summary>
    private void Resync(NetlinkSocket socket, byte[] buffer)
    {
        var collector = new Collector(_protocol);
        var writer = new NetlinkWriter();
        uint sequence = RouteMessage.WriteDumpRequest(writer, socket, LinuxAddressFamily.Inet, KernelRoute.TableMain, _protocol);
        var result = NetlinkDump.Run(socket, writer.WrittenSpan, sequence, collector, buffer);
        if (!result.IsComplete)
        {
            throw new IOException($"route dump failed: errno {result.Errno}");
        }
        lock (_lock)
        {
            _routes.Clear();
            _routes.UnionWith(collector.Routes);
            CompleteIfReached();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    private sealed class Collector(byte protocol) : INetlinkDumpHandler
    {
        private readonly KernelRoute _route = new();

        public List<(UInt128, byte)> Routes { get; } = [];

        public void OnMessage(in NetlinkMessage message)
        {
            if (RouteMessage.TryDecode(message, _route, out _) && _route.Protocol == protocol && _route.Table == KernelRoute.TableMain)
            {
                Routes.Add((_route.Destination, _route.PrefixLength));
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
