using System.Buffers;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Wire.Tests.Framing;

public class FramerTests
{
    private static readonly CodecContext Context = new() { FourOctetAs = true };

    private static byte[] Stream() =>
    [
        .. Hex.Load("handmade/open-all-capabilities.hex"),
        .. Hex.Load("handmade/keepalive.hex"),
        .. Hex.Load("handmade/update-ipv4.hex"),
        .. Hex.Load("handmade/update-ipv6-mpreach.hex"),
        .. Hex.Load("handmade/eor-ipv6.hex"),
        .. Hex.Load("handmade/route-refresh.hex"),
        .. Hex.Load("handmade/notification-shutdown.hex"),
    ];

    /// <summary>Frames as seen when the whole stream is available at once.</summary>
    private static List<string> FrameAll(ReadOnlySequence<byte> buffer)
    {
        var frames = new List<string>();
        while (BgpFramer.TryReadFrame(ref buffer, Context, out var frame, out _) == FrameStatus.Frame)
        {
            frames.Add($"{frame.Type}:{Hex.Format(frame.Body.ToArray())}");
        }
        Assert.True(buffer.IsEmpty);
        return frames;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(1234)]
    public void RandomChunksGiveTheSameFramesAsOneRead(int seed)
    {
        var bytes = Stream();
        var expected = FrameAll(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(7, expected.Count);

        var random = new Random(seed);
        var chunks = new List<byte[]>();
        for (int at = 0; at < bytes.Length;)
        {
            int size = Math.Min(random.Next(1, 40), bytes.Length - at);
            chunks.Add(bytes[at..(at + size)]);
            at += size;
        }

        // Feed chunk by chunk as a socket would, keeping unconsumed bytes as a multi-segment sequence.
        var frames = new List<string>();
        int consumed = 0;
        int received = 0;
        foreach (var chunk in chunks)
        {
            received += chunk.Length;
            var buffer = Segments.Build(chunks, consumed, received);
            while (true)
            {
                long before = buffer.Length;
                var status = BgpFramer.TryReadFrame(ref buffer, Context, out var frame, out var error);
                Assert.Null(error);
                if (status == FrameStatus.Incomplete)
                {
                    Assert.Equal(before, buffer.Length); // nothing consumed on partial input
                    break;
                }
                frames.Add($"{frame.Type}:{Hex.Format(frame.Body.ToArray())}");
                consumed += (int)(before - buffer.Length);
            }
        }
        Assert.Equal(expected, frames);
        Assert.Equal(bytes.Length, consumed);
    }

    public static TheoryData<string, byte, string> BadHeaders => new()
    {
        { "fffffffffffffffffffffffffffffffe 0013 04", HeaderSubcode.ConnectionNotSynchronized, "" },
        { "ffffffffffffffffffffffffffffffff 0012 04", HeaderSubcode.BadMessageLength, "0012" },
        { "ffffffffffffffffffffffffffffffff 1001 02", HeaderSubcode.BadMessageLength, "1001" },
        { "ffffffffffffffffffffffffffffffff 0014 04", HeaderSubcode.BadMessageLength, "0014" },
        { "ffffffffffffffffffffffffffffffff 001c 01", HeaderSubcode.BadMessageLength, "001c" },
        { "ffffffffffffffffffffffffffffffff 0013 06", HeaderSubcode.BadMessageType, "06" },
        { "ffffffffffffffffffffffffffffffff 0013 00", HeaderSubcode.BadMessageType, "00" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void BadHeaderIsRejectedBeforeTheBodyArrives(string header, byte subcode, string data)
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse(header));
        var status = BgpFramer.TryReadFrame(ref buffer, Context, out _, out var error);
        Assert.Equal(FrameStatus.Error, status);
        Assert.Equal(ErrorCode.MessageHeader, error!.Code);
        Assert.Equal(subcode, error.Subcode);
        Assert.Equal(data, Hex.Format(error.Data));
        Assert.Equal(ErrorAction.SessionReset, error.Action);
    }

    [Fact]
    public void ExtendedMessagesAreAcceptedOnlyOnceNegotiated()
    {
        var header = Hex.Parse("ffffffffffffffffffffffffffffffff 2000 02");
        var buffer = new ReadOnlySequence<byte>(header);
        Assert.Equal(FrameStatus.Error, BgpFramer.TryReadFrame(ref buffer, Context, out _, out _));
        buffer = new ReadOnlySequence<byte>(header);
        var extended = Context with { MaxMessageSize = CodecContext.ExtendedMaxMessageSize };
        Assert.Equal(FrameStatus.Incomplete, BgpFramer.TryReadFrame(ref buffer, extended, out _, out _));
        // OPEN stays limited to 4096 even then (RFC 8654 §4).
        buffer = new ReadOnlySequence<byte>(Hex.Parse("ffffffffffffffffffffffffffffffff 2000 01"));
        Assert.Equal(FrameStatus.Error, BgpFramer.TryReadFrame(ref buffer, extended, out _, out _));
    }

    [Fact]
    public void FewerThanNineteenBytesIsIncomplete()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Parse("ffffffff"));
        Assert.Equal(FrameStatus.Incomplete, BgpFramer.TryReadFrame(ref buffer, Context, out _, out var error));
        Assert.Null(error);
        Assert.Equal(4, buffer.Length);
    }

    [Fact]
    public void DecodeAllReportsTruncatedInput()
    {
        var bytes = Hex.Load("handmade/update-ipv4.hex")[..40];
        var (result, offset) = Assert.Single(MessageDecoder.DecodeAll(bytes, Context));
        Assert.Equal(0, offset);
        Assert.True(result.IsSessionReset);
        Assert.Contains("ends inside a message", result.Error!.Reason);
    }
}

/// <summary>Builds a multi-segment sequence over chunks, from absolute offset start to end.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Build(List<byte[]> chunks, int start, int end)
    {
        Segments? first = null, last = null;
        int at = 0;
        foreach (var chunk in chunks)
        {
            int from = Math.Max(start, at), to = Math.Min(end, at + chunk.Length);
            if (from < to)
            {
                var segment = new Segments(chunk.AsMemory((from - at)..(to - at)), last is null ? 0 : last.RunningIndex + last.Memory.Length);
                if (last is null)
                {
                    first = segment;
                }
                else
                {
                    last.Next = segment;
                }
                last = segment;
            }
            at += chunk.Length;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }
}
