using BgpSpeaker.Wire.Fuzz;
using SharpFuzz;

// The SharpFuzz target for the Wire codec. See README.md.
//   (no arguments)             AFL++ target: reads one input from stdin per run, under afl-fuzz
//   --replay PATH...           runs files (or every file in a directory) through the same checks
//   --make-corpus DIR [VECTORS] writes the seed corpus made from the hex test vectors to DIR
return args switch
{
    [] => Fuzz(),
    ["--replay", .. var paths] when paths.Length > 0 => Replay(paths),
    ["--make-corpus", var dir] => MakeCorpus(dir, SeedCorpus.FindVectors(Environment.CurrentDirectory) ?? SeedCorpus.FindVectors(AppContext.BaseDirectory)),
    ["--make-corpus", var dir, var vectors] => MakeCorpus(dir, vectors),
    _ => Usage(),
};

static int Fuzz()
{
    // Out of process: a hang or a crash of the runtime restarts the child instead of ending the run.
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        InvariantChecker.Check(memory.ToArray());
    });
    return 0;
}

static int Replay(string[] paths)
{
    GiveInstrumentationAMap();
    var files = paths.SelectMany<string, string>(p => Directory.Exists(p)
        ? Directory.GetFiles(p).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
        : [p]).ToList();
    int failed = 0;
    foreach (string file in files)
    {
        byte[] input = File.ReadAllBytes(file);
        try
        {
            var s = InvariantChecker.Check(input);
            Console.WriteLine($"ok    {file}: {input.Length} octets, context {s.Context}; {s.Frames} frames, {s.Messages} messages, " +
                $"{s.DecodeErrors} decode errors, {s.Ignored} ignored; framer: {s.FramerOutcome}; allocated {s.AllocatedBytes} of {s.AllocationBound}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"CRASH {file}: {input.Length} octets, context {FuzzInput.Describe(input.Length > 0 ? input[0] : (byte)0)}: {Headline(e)}");
            Console.WriteLine(e.ToString());
        }
    }
    Console.WriteLine($"replay: {files.Count - failed} passed, {failed} failed");
    return failed == 0 ? 0 : 1;
}

// One line per failure, for triage: the invariant, then the exception and the innermost codec frame behind it.
static string Headline(Exception e)
{
    var root = e;
    while (root.InnerException is not null)
    {
        root = root.InnerException;
    }
    string? codecFrame = root.StackTrace?.Split('\n').Select(l => l.Trim())
        .FirstOrDefault(l => l.StartsWith("at BgpSpeaker.Wire.", StringComparison.Ordinal) && !l.StartsWith("at BgpSpeaker.Wire.Fuzz.", StringComparison.Ordinal));
    string message = e.Message.Length > 300 ? e.Message[..300] + "…" : e.Message;
    return root == e ? message : $"{message} [{root.GetType().Name} {codecFrame}]";
}

// fuzz.sh instruments the Wire assembly: its code then writes coverage to SharpFuzz's map, which
// Fuzzer.Run sets up under afl-fuzz. Outside it (replay), give it a map of its own.
static unsafe void GiveInstrumentationAMap()
{
    if (SharpFuzz.Common.Trace.SharedMem == null)
    {
        SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);
    }
}

static int MakeCorpus(string directory, string? vectors)
{
    if (vectors is null || !Directory.Exists(vectors))
    {
        Console.Error.WriteLine("--make-corpus: cannot find the vectors directory (tests/BgpSpeaker.Wire.Tests/Vectors); pass it as the second argument");
        return 2;
    }
    Directory.CreateDirectory(directory);
    int count = 0;
    foreach (var (name, input) in SeedCorpus.FromVectors(vectors))
    {
        File.WriteAllBytes(Path.Combine(directory, name + ".bin"), input);
        count++;
    }
    Console.WriteLine($"--make-corpus: wrote {count} seeds from {vectors} to {directory}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: BgpSpeaker.Wire.Fuzz                          (under afl-fuzz: one input per run on stdin)");
    Console.Error.WriteLine("       BgpSpeaker.Wire.Fuzz --replay FILE|DIR...     (check inputs without AFL; exit 1 on a violation)");
    Console.Error.WriteLine("       BgpSpeaker.Wire.Fuzz --make-corpus DIR [VECTORS_DIR]");
    return 2;
}
