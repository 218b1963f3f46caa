using System.Text.RegularExpressions;

namespace BgpSpeaker.Wire.Tests;

/// <summary>Hex test vectors: whitespace, newlines and '#' comments are ignored.</summary>
public static partial class Hex
{
    public static byte[] Parse(string text) =>
        Convert.FromHexString(Ignored().Replace(text, ""));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] Load(string relativePath) =>
        Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", relativePath)));

    /// <summary>A message: 16 0xFF, the length, the type, then the body.</summary>
    public static byte[] Message(byte type, string bodyHex)
    {
        var body = Parse(bodyHex);
        var bytes = new byte[19 + body.Length];
        bytes.AsSpan(0, 16).Fill(0xFF);
        bytes[16] = (byte)(bytes.Length >> 8);
        bytes[17] = (byte)bytes.Length;
        bytes[18] = type;
        body.CopyTo(bytes, 19);
        return bytes;
    }

    [GeneratedRegex(@"#[^\n]*|\s+")]
    private static partial Regex Ignored();
}
