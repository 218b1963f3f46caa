namespace BgpSpeaker.Platform.Linux.Netlink;

/// <summary>
/// Walks the messages packed in one received datagram. A message whose length is shorter than a
/// header or runs past the end of the buffer ends the walk and sets <see cref="Malformed"/>: the
/// rest of that datagram cannot be framed, so it is counted and skipped, never thrown.
/// <code>
/// | hdr | payload | pad | hdr | payload | pad | ...
/// </code>
/// </summary>
public ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
    }

    /// <summary>True once a message could not be framed; the bytes after it were skipped.</summary>
    public bool Malformed { get; private set; }

    public bool TryRead(out NetlinkMessage message)
    {
        message = default;
        if (_remaining.Length < NetlinkHeader.Size)
        {
            // A few stray bytes after the last message are padding at most; anything longer is broken.
            Malformed |= _remaining.Length >= NetlinkHeader.Alignment;
            _remaining = default;
            return false;
        }
        var header = NetlinkHeader.Read(_remaining);
        if (header.Length < NetlinkHeader.Size || header.Length > _remaining.Length)
        {
            Malformed = true;
            _remaining = default;
            return false;
        }
        message = new NetlinkMessage(header, _remaining[NetlinkHeader.Size..header.Length]);
        int next = Math.Min(NetlinkHeader.Align(header.Length), _remaining.Length);
        _remaining = _remaining[next..];
        return true;
    }
}
