using System.Text;
using BgpSpeaker.Configuration;

namespace BgpSpeaker.Tests.Configuration;

/// <summary>A reload must never throw: whatever the text, the loader answers with a config or errors.</summary>
public class RobustnessTests
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "bgpspeaker.yaml"));

    // Characters that matter to YAML's grammar, so mutations reach the parser's corners.
    private const string Alphabet = " \t\n:-[]{},#&*!|>'\"%@`?~0123456789abcdef.:/";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MutatedExampleNeverThrows(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 500; i++)
        {
            string text = Mutate(Example, random, random.Next(1, 8));

            var result = ConfigLoader.Parse(text, "fuzz.yaml", new Dictionary<string, string>());

            Assert.True(result.IsValid != (result.Errors.Count > 0), text);
            Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, $"{e}\n---\n{text}"));
        }
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("\uFEFFasn: 65010\nrouterId: 10.0.0.10\n")]
    [InlineData("asn: &a [*a]\n")]
    [InlineData("? [a]\n: b\n")]
    [InlineData("%YAML 1.1\n---\nasn: 1\n")]
    [InlineData("!!map {asn: 1}\n")]
    [InlineData("asn: |\n  65010\n")]
    public void OddDocumentsDoNotThrow(string text) =>
        _ = ConfigLoader.Parse(text, "odd.yaml", new Dictionary<string, string>());

    private static string Mutate(string text, Random random, int edits)
    {
        var builder = new StringBuilder(text);
        for (int i = 0; i < edits && builder.Length > 0; i++)
        {
            int at = random.Next(builder.Length);
            char c = Alphabet[random.Next(Alphabet.Length)];
            switch (random.Next(3))
            {
                case 0:
                    builder[at] = c;
                    break;
                case 1:
                    builder.Insert(at, c);
                    break;
                default:
                    builder.Remove(at, Math.Min(random.Next(1, 20), builder.Length - at));
                    break;
            }
        }
        return builder.ToString();
    }
}
