using System.Buffers.Binary;

namespace BgpSpeaker.Wire.Nlri;

/// <summary>One NLRI entry: a prefix and, with ADD-PATH (RFC 7911), its path identifier.</summary>
public readonly record struct NlriEntry(Prefix Prefix, uint PathId);

/// <summary>
/// A validated run of encoded prefixes (withdrawn routes, NLRI, or the NLRI inside MP_(UN)REACH_NLRI).
/// It keeps the wire bytes and decodes each prefix on enumeration, so decoding an UPDATE allocates
/// nothing per prefix.
/// <code>
///  +---------------------------+
///  | Path Identifier (4, opt.) |   present when ADD-PATH receive is negotiated
///  +---------------------------+
///  |   Length (1 octet, bits)  |
///  +---------------------------+
///  |   Prefix (ceil(len/8))    |
///  +---------------------------+
/// </code>
/// </summary>
public readonly struct NlriBlock
{
    private readonly ReadOnlyMemory<byte> _bytes;

    internal NlriBlock(AfiSafi family, ReadOnlyMemory<byte> bytes, bool hasPathId, int count)
    {
        Family = family;
        _bytes = bytes;
        HasPathId = hasPathId;
        Count = count;
    }

    public static NlriBlock Empty(AfiSafi family) => new(family, ReadOnlyMemory<byte>.Empty, false, 0);

    public AfiSafi Family { get; }
    public bool HasPathId { get; }
    public int Count { get; }
    public ReadOnlyMemory<byte> Bytes => _bytes;
    public bool IsEmpty => Count == 0;

    public NlriEnumerator GetEnumerator() => new(_bytes.Span, Family.Afi, HasPathId);

    public List<NlriEntry> ToList()
    {
        var list = new List<NlriEntry>(Count);
        foreach (var entry in this)
        {
            list.Add(entry);
        }
        return list;
    }

    /// <summary>
    /// Checks every entry fits and has a legal length, counting them. Returns null when valid, else
    /// what is wrong (the caller classifies it).
    /// </summary>
    public static string? TryCreate(AfiSafi family, ReadOnlyMemory<byte> bytes, bool hasPathId, out NlriBlock block)
    {
        block = Empty(family);
        var span = bytes.Span;
        int max = family.MaxPrefixLength;
        int count = 0;
        int offset = 0;
        while (offset < span.Length)
        {
            if (hasPathId)
            {
                if (span.Length - offset < 5)
                {
                    return $"NLRI entry at offset {offset} is truncated (path identifier)";
                }
                offset += 4;
            }
            int length = span[offset];
            if (length > max)
            {
                return $"prefix length {length} exceeds {max} at offset {offset}";
            }
            int size = (length + 7) >> 3;
            if (span.Length - offset - 1 < size)
            {
                return $"prefix /{length} at offset {offset} is truncated";
            }
            offset += 1 + size;
            count++;
        }
        block = new NlriBlock(family, bytes, hasPathId, count);
        return null;
    }
}

/// <summary>Decodes entries of a validated <see cref="NlriBlock"/> one at a time, without allocating.</summary>
public ref struct NlriEnumerator
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly Afi _afi;
    private readonly bool _hasPathId;
    private int _offset;

    internal NlriEnumerator(ReadOnlySpan<byte> bytes, Afi afi, bool hasPathId)
    {
        _bytes = bytes;
        _afi = afi;
        _hasPathId = hasPathId;
        Current = default;
    }

    public NlriEntry Current { get; private set; }

    public bool MoveNext()
    {
        if (_offset >= _bytes.Length)
        {
            return false;
        }
        uint pathId = 0;
        if (_hasPathId)
        {
            pathId = BinaryPrimitives.ReadUInt32BigEndian(_bytes[_offset..]);
            _offset += 4;
        }
        int length = _bytes[_offset++];
        int size = (length + 7) >> 3;
        var address = _bytes.Slice(_offset, size);
        _offset += size;
        Current = new NlriEntry(_afi == Afi.Ipv4 ? Prefix.V4(ReadV4(address), length) : Prefix.V6(ReadV6(address), length), pathId);
        return true;
    }

    private static uint ReadV4(ReadOnlySpan<byte> address)
    {
        Span<byte> full = stackalloc byte[4];
        full.Clear();
        address.CopyTo(full);
        return BinaryPrimitives.ReadUInt32BigEndian(full);
    }

    private static UInt128 ReadV6(ReadOnlySpan<byte> address)
    {
        Span<byte> full = stackalloc byte[16];
        full.Clear();
        address.CopyTo(full);
        return BinaryPrimitives.ReadUInt128BigEndian(full);
    }
}

/// <summary>Writes prefixes in NLRI encoding.</summary>
public static class NlriWriter
{
    /// <summary>Bytes one entry takes on the wire.</summary>
    public static int Size(Prefix prefix, bool withPathId) => (withPathId ? 4 : 0) + 1 + prefix.WireAddressBytes;

    public static int Write(Span<byte> destination, Prefix prefix, uint pathId, bool withPathId)
    {
        int offset = 0;
        if (withPathId)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, pathId);
            offset = 4;
        }
        destination[offset++] = prefix.Length;
        int size = prefix.WireAddressBytes;
        if (prefix.Afi == Afi.Ipv4)
        {
            Span<byte> full = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(full, (uint)prefix.Bits);
            full[..size].CopyTo(destination[offset..]);
        }
        else
        {
            Span<byte> full = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(full, prefix.Bits);
            full[..size].CopyTo(destination[offset..]);
        }
        return offset + size;
    }
}

public static class NlriBlockBuilder
{
    /// <summary>Encodes entries into a block (for building messages in code and tests).</summary>
    public static NlriBlock From(AfiSafi family, IEnumerable<NlriEntry> entries, bool withPathId = false)
    {
        var list = entries.ToList();
        var bytes = new byte[list.Sum(e => NlriWriter.Size(e.Prefix, withPathId))];
        int offset = 0;
        foreach (var entry in list)
        {
            offset += NlriWriter.Write(bytes.AsSpan(offset), entry.Prefix, entry.PathId, withPathId);
        }
        return new NlriBlock(family, bytes, withPathId, list.Count);
    }

    public static NlriBlock From(AfiSafi family, params Prefix[] prefixes) =>
        From(family, prefixes.Select(p => new NlriEntry(p, 0)));
}
