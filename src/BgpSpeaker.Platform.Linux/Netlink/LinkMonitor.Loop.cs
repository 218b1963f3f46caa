namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>The monitor's reading loop: one thread, the only user of the socket and the state table.</summary>
public sealed partial class LinkMonitor
{
    private readonly LinkStateTable _table = new();
    private readonly Queue<DumpKind> _pendingDumps = new();
    private readonly List<LinkEvent> _changes = [];
    private readonly NetlinkWriter _requestWriter = new(256);
    private uint _dumpSequence;
    private bool _resynchronisationWanted;
    private bool _afterOverrun;
    private DateTime _retryAfter;

    /// <summary>Stops reading while set, so a test can make the kernel overrun our queue on purpose.</summary>
    internal volatile bool PausedForTests;

    private void Run(CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        StartResynchronisation();
        while (!stop.IsCancellationRequested)
        {
            if (_dumpSequence == 0 && _resynchronisationWanted && DateTime.UtcNow >= _retryAfter)
            {
                StartResynchronisation();
            }
            if (PausedForTests)
            {
                Thread.Sleep(5);
                continue;
            }
            if (!_socket.WaitReadable(PollMilliseconds))
            {
                continue;
            }
            var received = _socket.Receive(buffer);
            if (received.Errno == Errno.ENOBUFS)
            {
                OnOverrun();
                continue;
            }
            if (!received.IsSuccess)
            {
                if (received.Errno != Errno.EAGAIN)
                {
                    Interlocked.Increment(ref Counters._receiveErrors);
                    Thread.Sleep(10);
                }
                continue;
            }
            if (received.Truncated)
            {
                Interlocked.Increment(ref Counters._malformed);
            }
            HandleDatagram(buffer.AsSpan(0, received.Length));
            Publish();
        }
    }

    private void HandleDatagram(ReadOnlySpan<byte> datagram)
    {
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            bool ourDump = _dumpSequence != 0 && message.Header.Sequence == _dumpSequence;
            if (ourDump && (message.Header.Flags & NetlinkFlags.DumpInterrupted) != 0)
            {
                _resynchronisationWanted = true; // the kernel's tables changed mid-dump: read them again
            }
            if (ourDump && message.Header.Type is NetlinkMessageType.Done or NetlinkMessageType.Error)
            {
                OnDumpEnd(DumpError(message));
                continue;
            }
            HandleState(message);
        }
        if (reader.Malformed)
        {
            Interlocked.Increment(ref Counters._malformed);
        }
    }

    private void HandleState(in NetlinkMessage message)
    {
        bool malformed;
        if (LinkMessage.TryDecode(message, out var link, out malformed))
        {
            _table.Apply(link, _changes);
        }
        else if (!malformed && AddressMessage.TryDecode(message, out var address, out malformed))
        {
            _table.Apply(address, _changes);
        }
        if (malformed)
        {
            Interlocked.Increment(ref Counters._malformed);
        }
    }

    private void OnOverrun()
    {
        Interlocked.Increment(ref Counters._overruns);
        _afterOverrun = true;
        _resynchronisationWanted = true;
        if (_dumpSequence == 0)
        {
            StartResynchronisation();
        }
        // else: the running dump finishes first (a socket runs one dump at a time), then all is read again.
    }

    private void StartResynchronisation()
    {
        _resynchronisationWanted = false;
        Interlocked.Increment(ref Counters._resynchronisations);
        _table.BeginResynchronisation();
        _pendingDumps.Clear();
        _pendingDumps.Enqueue(DumpKind.Links);
        _pendingDumps.Enqueue(DumpKind.Ipv4Addresses);
        _pendingDumps.Enqueue(DumpKind.Ipv6Addresses);
        SendNextDump();
    }

    private void SendNextDump()
    {
        _requestWriter.Clear();
        _dumpSequence = _pendingDumps.Dequeue() switch
        {
            DumpKind.Links => LinkMessage.WriteDumpRequest(_requestWriter, _socket),
            DumpKind.Ipv4Addresses => AddressMessage.WriteDumpRequest(_requestWriter, _socket, Wire.Nlri.Afi.Ipv4),
            _ => AddressMessage.WriteDumpRequest(_requestWriter, _socket, Wire.Nlri.Afi.Ipv6),
        };
        if (_socket.Send(_requestWriter.WrittenSpan) != 0)
        {
            DumpFailed();
        }
    }

    private void OnDumpEnd(int errno)
    {
        if (errno != 0)
        {
            DumpFailed();
            return;
        }
        if (_pendingDumps.Count > 0)
        {
            SendNextDump();
            return;
        }
        _dumpSequence = 0;
        if (_resynchronisationWanted)
        {
            StartResynchronisation(); // notifications were lost during this round: its picture may be stale
            return;
        }
        _table.EndResynchronisation(_changes);
        _changes.Add(new LinkSnapshotComplete(_afterOverrun, Counters.Overruns));
        _afterOverrun = false;
    }

    private void DumpFailed()
    {
        Interlocked.Increment(ref Counters._dumpFailures);
        _dumpSequence = 0;
        _resynchronisationWanted = true;
        _retryAfter = DateTime.UtcNow + RetryDelay;
    }

    private static int DumpError(in NetlinkMessage message)
    {
        if (message.Header.Type == NetlinkMessageType.Done)
        {
            return message.Payload.Length >= 4 ? Math.Max(0, -BitConverter.ToInt32(message.Payload)) : 0;
        }
        return NetlinkAck.TryDecode(message, out var ack) && ack.Errno != 0 ? ack.Errno : Errno.EINVAL;
    }

    private void Publish()
    {
        foreach (var change in _changes)
        {
            _events.Writer.TryWrite(change);
        }
        _changes.Clear();
    }
}
