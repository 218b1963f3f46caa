using System.Buffers;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Wire.Fuzz;

/// <summary>A broken invariant: the fuzzer records the input as a crash, a replay prints this.</summary>
public sealed class InvariantViolationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What one input did, for <c>--replay</c> and the corpus tests.</summary>
public readonly record struct CheckSummary(
    string Context, int Frames, int Messages, int DecodeErrors, int Ignored, string FramerOutcome,
    long AllocatedBytes, long AllocationBound);

/// <summary>
/// Runs one fuzz input through the framer and the decoder as a session would, and checks on every
/// frame and message the invariants of the codec:
/// <list type="number">
/// <item>no exception escapes the framer, the decoder or (for what decoded) the encoder;</item>
/// <item>the framer consumes exactly one whole message or nothing, and agrees with RFC 4271 §6.1
///   checked independently here; chunked delivery yields the same frames as one buffer;</item>
/// <item>every error carries one RFC 7606 action; a session reset has a NOTIFICATION code 1..7 and its
///   NOTIFICATION encodes and decodes back; an UPDATE's action is the strongest of its errors;</item>
/// <item>a decoded message re-encodes to bytes that decode to an equal message (for UPDATEs with
///   treat-as-withdraw or attribute-discard errors: what survived), and re-encoding that is stable;</item>
/// <item>the framer and decoder allocate at most <see cref="AllocationPerInputByte"/> octets per input
///   octet plus <see cref="AllocationConstant"/>: nothing proportional to a declared length that the
///   bytes do not back.</item>
/// </list>
/// </summary>
public static partial class InvariantChecker
{
    /// <summary>
    /// Octets the framer and decoder may allocate per input octet. Honest inputs measure at most ~90:
    /// an UPDATE made of 3-octet duplicate or malformed attributes records one error (object, reason
    /// string, data) per attribute, some 200–270 octets each. A length field the bytes do not back
    /// (up to 65535 from a 2-octet field) shows up far above this on a short input.
    /// </summary>
    public const int AllocationPerInputByte = 128;

    /// <summary>Fixed allowance per input: decoder state that does not depend on the input's size.</summary>
    public const int AllocationConstant = 16 * 1024;

    /// <summary>Inputs above this size are ignored (AFL++ never sends them; a replay would be slow).</summary>
    public const int MaxInputSize = 1 << 20;

    public static long AllocationBound(int inputLength) => (long)AllocationPerInputByte * inputLength + AllocationConstant;

    /// <summary>Checks one input; throws <see cref="InvariantViolationException"/> on the first broken invariant.</summary>
    public static CheckSummary Check(ReadOnlyMemory<byte> input)
    {
        if (input.Length > MaxInputSize)
        {
            return default;
        }
        var summary = new Run(FuzzInput.Parse(input)).Execute();
        long bound = AllocationBound(input.Length);
        if (summary.AllocatedBytes > bound)
        {
            // The first run of a code path also counts what the runtime allocates to load and compile
            // it; only a second, warm run that still exceeds the bound is a finding.
            summary = new Run(FuzzInput.Parse(input)).Execute();
            if (summary.AllocatedBytes > bound)
            {
                throw new InvariantViolationException(
                    $"framer and decoder allocated {summary.AllocatedBytes} octets for a {input.Length}-octet input " +
                    $"(bound {AllocationPerInputByte} × length + {AllocationConstant} = {bound}); " +
                    $"{summary.Frames} frames, {summary.Messages} messages");
            }
        }
        return summary with { AllocationBound = bound };
    }

    /// <summary>The state of one pass over an input.</summary>
    private sealed partial class Run(FuzzInput input)
    {
        private readonly CodecContext _context = input.Context;
        private long _allocated;
        private int _frames;
        private int _messages;
        private int _decodeErrors;
        private int _ignored;

        public CheckSummary Execute()
        {
            var outcome = input.Chunked ? FrameChunked(decode: true) : FrameContiguous(decode: true);
            if (input.Chunked)
            {
                // Delivery in pieces must not change what the framer cuts.
                long allocated = _allocated;
                var whole = FrameContiguous(decode: false);
                _allocated = allocated;
                CompareOutcomes(outcome, whole);
            }
            return new CheckSummary(FuzzInput.Describe(input.Selector), _frames, _messages, _decodeErrors, _ignored,
                outcome.Describe(), _allocated, 0);
        }

        private FramingOutcome FrameContiguous(bool decode)
        {
            var outcome = new FramingOutcome();
            var buffer = new ReadOnlySequence<byte>(input.Stream);
            while (ReadFrame(ref buffer, outcome, decode))
            {
            }
            outcome.Leftover = buffer.Length;
            return outcome;
        }

        private FramingOutcome FrameChunked(bool decode)
        {
            var outcome = new FramingOutcome();
            var receive = new ChunkedBuffer();
            long leftover = 0;
            foreach (var chunk in ChunkedBuffer.Chunks(input.Stream))
            {
                receive.Append(chunk);
                var buffer = receive.Buffer;
                while (ReadFrame(ref buffer, outcome, decode))
                {
                }
                receive.Consume(buffer);
                leftover = buffer.Length;
                if (outcome.Error is not null)
                {
                    break;
                }
            }
            outcome.Leftover = leftover;
            return outcome;
        }

        /// <summary>One framer call with its checks; true when a frame was cut and the loop goes on.</summary>
        private bool ReadFrame(ref ReadOnlySequence<byte> buffer, FramingOutcome outcome, bool decode)
        {
            var before = buffer;
            FrameStatus status;
            BgpFrame frame;
            BgpError? error;
            long start = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                status = BgpFramer.TryReadFrame(ref buffer, _context, out frame, out error);
            }
            catch (Exception e)
            {
                throw new InvariantViolationException($"the framer threw {e.GetType().Name} on {Hex(before, 64)}", e);
            }
            _allocated += GC.GetAllocatedBytesForCurrentThread() - start;

            CheckFramerResult(before, buffer, status, frame, error);
            switch (status)
            {
                case FrameStatus.Frame:
                    _frames += decode ? 1 : 0;
                    var wire = before.Slice(0, frame.Length).ToArray();
                    outcome.Frames.Add(wire);
                    if (decode)
                    {
                        DecodeAndCheck(frame, wire);
                    }
                    return true;
                case FrameStatus.Error:
                    outcome.Error = error;
                    return false;
                default:
                    return false;
            }
        }

        private void DecodeAndCheck(in BgpFrame frame, byte[] wire)
        {
            DecodeResult result;
            long start = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                result = MessageDecoder.Decode(in frame, _context);
            }
            catch (Exception e)
            {
                throw new InvariantViolationException($"the decoder threw {e.GetType().Name} on {frame.Type} {Hex(wire, 96)}", e);
            }
            _allocated += GC.GetAllocatedBytesForCurrentThread() - start;

            try
            {
                CheckDecodeResult(frame.Type, wire, result);
            }
            catch (InvariantViolationException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw new InvariantViolationException($"checking the decoded {frame.Type} threw {e.GetType().Name} (Wire code it calls failed) on {Hex(wire, 96)}", e);
            }
        }

        private void CheckDecodeResult(MessageType type, byte[] wire, DecodeResult result)
        {
            switch (result)
            {
                case { Message: not null, Error: not null }:
                    Fail($"{type} decoded to both a message and an error ({result.Error})", wire);
                    break;
                case { Message: null, Error: null }:
                    // RFC 7313 §5: only a ROUTE-REFRESH with an unknown subtype is silently ignored.
                    Require(type == MessageType.RouteRefresh && wire.Length == BgpHeader.Size + 4 && wire[BgpHeader.Size + 2] > 2,
                        $"{type} decoded to neither a message nor an error", wire);
                    _ignored++;
                    break;
                case { Error: { } error }:
                    _decodeErrors++;
                    Require(error.Action == ErrorAction.SessionReset, $"decode error of {type} has action {error.Action}; the decoder returns only session resets ({error})", wire);
                    CheckError(error, wire);
                    break;
                case { Message: { } message }:
                    _messages++;
                    Require(message.Type == type, $"a {type} frame decoded to a {message.Type} message", wire);
                    CheckMessage(message, wire);
                    break;
            }
        }

        private static void CompareOutcomes(FramingOutcome chunked, FramingOutcome whole)
        {
            int frames = Math.Min(chunked.Frames.Count, whole.Frames.Count);
            for (int i = 0; i < frames; i++)
            {
                if (!chunked.Frames[i].AsSpan().SequenceEqual(whole.Frames[i]))
                {
                    throw new InvariantViolationException($"frame {i} differs when the stream arrives in chunks: {Hex(chunked.Frames[i], 64)} vs {Hex(whole.Frames[i], 64)}");
                }
            }
            // After an error the two differ only in how much of the stream had arrived: compare leftovers without one.
            if (chunked.Frames.Count != whole.Frames.Count || !Equals(chunked.Error, whole.Error)
                || (chunked.Error is null && chunked.Leftover != whole.Leftover))
            {
                throw new InvariantViolationException(
                    $"chunked delivery gave {chunked.Describe()}, one buffer gave {whole.Describe()}");
            }
        }
    }

    /// <summary>What the framer made of a stream: the frames (header included), then an error or leftover octets.</summary>
    private sealed class FramingOutcome
    {
        public List<byte[]> Frames { get; } = [];
        public BgpError? Error { get; set; }
        public long Leftover { get; set; }

        public string Describe() =>
            $"{Frames.Count} frames, " + (Error is not null ? $"then {Error}" : $"{Leftover} octets left incomplete");
    }

    private static void Require(bool condition, string message, ReadOnlySpan<byte> wire = default)
    {
        if (!condition)
        {
            Fail(message, wire);
        }
    }

    private static void Fail(string message, ReadOnlySpan<byte> wire = default) =>
        throw new InvariantViolationException(wire.IsEmpty ? message : $"{message}; message {Hex(wire, 96)}");

    internal static string Hex(ReadOnlySpan<byte> bytes, int max) =>
        bytes.Length <= max
            ? Convert.ToHexStringLower(bytes)
            : $"{Convert.ToHexStringLower(bytes[..max])}… ({bytes.Length} octets)";

    internal static string Hex(ReadOnlySequence<byte> bytes, int max) =>
        bytes.Length <= max
            ? Convert.ToHexStringLower(bytes.ToArray())
            : $"{Convert.ToHexStringLower(bytes.Slice(0, max).ToArray())}… ({bytes.Length} octets)";
}
