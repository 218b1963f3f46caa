namespace BgpSpeaker.Wire.Fuzz;

/// <summary>
/// Turns the codec's hex test vectors (<c>Vectors/{handmade,frr}/*.hex</c>) into fuzz inputs: the
/// context selector byte (see <see cref="FuzzInput"/>) followed by the message octets.
/// </summary>
public static class SeedCorpus
{
    /// <summary>The vector directories that hold one message per file (fuzz-regressions holds finished inputs).</summary>
    public static readonly string[] VectorSets = ["handmade", "frr"];

    /// <summary>The vectors were captured on 4-octet AS sessions with RFC 8950 for IPv4; "2octet" ones on 2-octet sessions.</summary>
    public static byte SelectorFor(string vectorName) =>
        vectorName.Contains("2octet", StringComparison.Ordinal)
            ? FuzzInput.ExtendedNextHop
            : (byte)(FuzzInput.FourOctetAs | FuzzInput.ExtendedNextHop);

    /// <summary>
    /// One seed per vector, plus the FRR vectors as one session stream delivered in chunks (so the
    /// seeds already cover multi-message streams and partial reads).
    /// </summary>
    public static IEnumerable<(string Name, byte[] Input)> FromVectors(string vectorsDirectory)
    {
        foreach (string set in VectorSets)
        {
            var stream = new List<byte>();
            foreach (string file in Directory.GetFiles(Path.Combine(vectorsDirectory, set), "*.hex").Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                byte[] message = ParseHex(File.ReadAllText(file));
                stream.AddRange(message);
                yield return ($"{set}-{name}", [SelectorFor(name), .. message]);
            }
            yield return ($"{set}-all-chunked", [(byte)(FuzzInput.ChunkedDelivery | FuzzInput.FourOctetAs | FuzzInput.ExtendedNextHop), .. stream]);
        }
    }

    /// <summary>Hex with whitespace, newlines and '#' comments ignored (the vector file format).</summary>
    public static byte[] ParseHex(string text)
    {
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (string line in text.Split('\n'))
        {
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            foreach (char c in comment >= 0 ? line[..comment] : line)
            {
                if (!char.IsWhiteSpace(c))
                {
                    digits.Append(c);
                }
            }
        }
        return Convert.FromHexString(digits.ToString());
    }

    /// <summary>Finds <c>tests/BgpSpeaker.Wire.Tests/Vectors</c> above <paramref name="start"/>, or null.</summary>
    public static string? FindVectors(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "BgpSpeaker.Wire.Tests", "Vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
