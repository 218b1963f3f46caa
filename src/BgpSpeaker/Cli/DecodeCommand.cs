using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using BgpSpeaker.Wire;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Cli;

/// <summary>
/// <c>bgpspeaker decode</c>: prints BGP messages (hex or raw bytes, one or more concatenated) as
/// JSON. Exit 0 when every message is well-formed, 1 when one is malformed (its RFC 7606
/// classification is printed), 2 for unusable input.
/// </summary>
internal static partial class DecodeCommand
{
    public const int Malformed = 1;
    public const int BadInput = 2;

    public static Command Create()
    {
        var hex = new Option<string>("--hex") { Description = "Messages as hex (whitespace, ':' and '#' comments ignored)" };
        var file = new Option<FileInfo>("--file") { Description = "A file of raw message bytes (e.g. a TCP stream dump)" };
        var twoOctet = new Option<bool>("--two-octet-as") { Description = "Decode AS_PATH as 2-octet ASNs (peer without RFC 6793)" };
        var addPath = new Option<bool>("--add-path") { Description = "NLRI carry RFC 7911 path identifiers" };
        var ibgp = new Option<bool>("--ibgp") { Description = "Messages come from an internal peer (LOCAL_PREF is kept and required)" };
        // Accepted so that every verb takes -o json; decode has no other format.
        var output = new Option<string>("--output", "-o") { Description = "json (decode always prints JSON)", DefaultValueFactory = _ => "json" };
        output.AcceptOnlyFromAmong("json");
        var command = new Command("decode", "Decode BGP messages and print them as JSON") { hex, file, twoOctet, addPath, ibgp, output };
        command.SetAction(parse => Run(
            parse.GetValue(hex), parse.GetValue(file),
            Context(parse.GetValue(twoOctet), parse.GetValue(addPath), parse.GetValue(ibgp)),
            Console.Out, Console.Error));
        return command;
    }

    /// <summary>A session context that accepts anything a real peer could have negotiated.</summary>
    internal static CodecContext Context(bool twoOctet, bool addPath, bool ibgp)
    {
        var all = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast, AfiSafi.Ipv6Unicast, new(Afi.Ipv4, Safi.Multicast), new(Afi.Ipv6, Safi.Multicast) };
        return new CodecContext
        {
            FourOctetAs = !twoOctet,
            MaxMessageSize = CodecContext.ExtendedMaxMessageSize,
            ExtendedNextHop = all,
            AddPathReceive = addPath ? all : new HashSet<AfiSafi>(),
            ExternalPeer = !ibgp,
        };
    }

    internal static int Run(string? hex, FileInfo? file, CodecContext context, TextWriter output, TextWriter error)
    {
        if ((hex is null) == (file is null))
        {
            error.WriteLine("decode: give exactly one of --hex or --file");
            return BadInput;
        }
        byte[] bytes;
        if (hex is not null)
        {
            var digits = Ignored().Replace(hex, "");
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                digits = digits[2..];
            }
            if (digits.Length == 0 || digits.Length % 2 != 0 || !digits.All(char.IsAsciiHexDigit))
            {
                error.WriteLine($"decode: --hex needs pairs of hex digits (0-9, a-f); got {digits.Length} characters after removing spaces, e.g. '{Truncate(digits)}'");
                return BadInput;
            }
            bytes = Convert.FromHexString(digits);
        }
        else
        {
            try
            {
                bytes = File.ReadAllBytes(file!.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"decode: cannot read {file!.FullName}: {e.Message}");
                return BadInput;
            }
        }
        return Print(bytes, context, output, error);
    }

    private static int Print(byte[] bytes, CodecContext context, TextWriter output, TextWriter error)
    {
        int exit = 0;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            var offsets = new List<int>();
            foreach (var (result, offset) in MessageDecoder.DecodeAll(bytes, context))
            {
                offsets.Add(offset);
                if (result.Message is { } message)
                {
                    int length = (bytes[offset + 16] << 8) | bytes[offset + 17];
                    MessageJson.Write(json, message, offset, length);
                    if (message is UpdateMessage { Action: not Wire.Errors.ErrorAction.None } update)
                    {
                        exit = Malformed;
                        error.WriteLine($"offset {offset}: {MessageJson.ActionName(update.Action)}: {string.Join("; ", update.Errors.Select(e => e.Reason))}");
                    }
                }
                else if (result.Error is { } bad)
                {
                    json.WriteStartObject();
                    json.WriteNumber("offset", offset);
                    json.WritePropertyName("error");
                    MessageJson.WriteError(json, bad);
                    json.WriteEndObject();
                    exit = Malformed;
                    error.WriteLine($"offset {offset}: session-reset: {bad.Reason} ({Wire.Errors.ErrorNames.Describe(bad.Code, bad.Subcode)})");
                }
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        return exit;
    }

    private static string Truncate(string text) => text.Length <= 16 ? text : text[..16] + "…";

    [GeneratedRegex(@"#[^\n]*|[\s:]+")]
    private static partial Regex Ignored();
}
