using System.Buffers;

namespace BgpSpeaker.Wire.Fuzz;

/// <summary>
/// A receive buffer that grows one segment per chunk, as a PipeReader's does: consumed data is
/// dropped from the front, new data is appended at the back, and a message may straddle segments.
/// </summary>
internal sealed class ChunkedBuffer
{
    /// <summary>Chunk sizes, cycled: small ones split headers, large ones carry whole messages.</summary>
    private static readonly int[] ChunkSizes = [1, 7, 19, 64, 3, 200, 11, 1000, 2, 4096];

    private Segment? _first;
    private int _firstIndex;
    private Segment? _last;

    /// <summary>The unconsumed data received so far.</summary>
    public ReadOnlySequence<byte> Buffer =>
        _first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_first, _firstIndex, _last!, _last!.Memory.Length);

    /// <summary>Cuts <paramref name="stream"/> into the chunks this buffer will receive.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Chunks(ReadOnlyMemory<byte> stream)
    {
        int offset = 0;
        for (int i = 0; offset < stream.Length; i++)
        {
            int size = Math.Min(ChunkSizes[i % ChunkSizes.Length], stream.Length - offset);
            yield return stream.Slice(offset, size);
            offset += size;
        }
    }

    public void Append(ReadOnlyMemory<byte> chunk)
    {
        var segment = new Segment(chunk);
        if (_last is null)
        {
            _first = _last = segment;
            _firstIndex = 0;
            return;
        }
        _last.SetNext(segment);
        _last = segment;
    }

    /// <summary>Drops everything before <paramref name="rest"/>'s start (what the framer consumed).</summary>
    public void Consume(ReadOnlySequence<byte> rest)
    {
        if (_first is null)
        {
            return;
        }
        var start = rest.Start;
        if (start.GetObject() is Segment segment)
        {
            _first = segment;
            _firstIndex = start.GetInteger();
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public void SetNext(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
