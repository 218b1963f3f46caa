using BgpSpeaker.Wire.Fuzz;

namespace BgpSpeaker.Wire.Tests.Fuzz;

/// <summary>
/// Replays the fuzzer's seed corpus and every saved fuzz finding through the fuzz target's invariant
/// checker (tests/BgpSpeaker.Wire.Fuzz/Invariants, compiled in here), so a crash found once stays a test.
/// Inputs listed in Vectors/fuzz-regressions/known-failures.txt are bugs not fixed yet: for them the
/// test asserts they still break an invariant, so fixing one makes it fail until its line is removed.
/// </summary>
public class CorpusReplayTests
{
    private static readonly string Vectors = Path.Combine(AppContext.BaseDirectory, "Vectors");
    private static readonly string Regressions = Path.Combine(Vectors, "fuzz-regressions");

    public static TheoryData<string> Seeds() => [.. SeedCorpus.FromVectors(Vectors).Select(s => s.Name)];

    public static TheoryData<string> RegressionInputs() =>
        [.. Directory.GetFiles(Regressions, "*.bin").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SeedKeepsEveryInvariant(string name)
    {
        var input = SeedCorpus.FromVectors(Vectors).Single(s => s.Name == name).Input;
        var summary = InvariantChecker.Check(input);
        Assert.True(summary.Messages > 0, $"seed {name} decoded no message: {summary}");
        Assert.Equal(0, summary.DecodeErrors);
    }

    [Theory]
    [MemberData(nameof(RegressionInputs))]
    public void FuzzRegressionKeepsEveryInvariant(string file)
    {
        var input = File.ReadAllBytes(Path.Combine(Regressions, file));
        if (KnownFailures().Contains(file))
        {
            var violation = Record.Exception(() => InvariantChecker.Check(input));
            Assert.True(violation is not null,
                $"{file} now keeps every invariant: the bug is fixed, remove its line from fuzz-regressions/known-failures.txt");
            return;
        }
        InvariantChecker.Check(input);
    }

    [Fact]
    public void KnownFailuresNameExistingInputs()
    {
        foreach (string file in KnownFailures())
        {
            Assert.True(File.Exists(Path.Combine(Regressions, file)), $"known-failures.txt names {file}, which is not in fuzz-regressions/");
        }
    }

    [Fact]
    public void ChunkedDeliveryOfTheWholeCorpusKeepsEveryInvariant()
    {
        // Every seed message back to back, in each of the 128 codec contexts, delivered in chunks.
        byte[] stream = [.. SeedCorpus.FromVectors(Vectors).Where(s => !s.Name.EndsWith("-chunked", StringComparison.Ordinal)).SelectMany(s => s.Input[1..])];
        for (int context = 0; context < 128; context++)
        {
            InvariantChecker.Check((byte[])[(byte)(context | FuzzInput.ChunkedDelivery), .. stream]);
        }
    }

    /// <summary>File names, one a line; '#' starts a comment.</summary>
    private static HashSet<string> KnownFailures()
    {
        string path = Path.Combine(Regressions, "known-failures.txt");
        return File.Exists(path)
            ? [.. File.ReadAllLines(path).Select(l => (l.Contains('#') ? l[..l.IndexOf('#')] : l).Trim()).Where(l => l.Length > 0)]
            : [];
    }
}
