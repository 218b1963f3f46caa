using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace BgpSpeaker.Ingest.Receivers;

/// <summary>BIRD 2 from Debian, configured to do what bgpspeaker does here: no kernel FIB, import all, export all.</summary>
internal sealed partial class BirdReceiver(string workDirectory, int port) : Receiver("bird", workDirectory, port)
{
    private string SocketPath => Path.Combine(Directory, "bird.ctl");

    protected override IEnumerable<string> Command()
    {
        string config = Path.Combine(Directory, "bird.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{Lab.Receiver}};
            protocol device { }
            protocol bgp feeder {
              local {{Lab.Receiver}} port {{EndPoint.Port}} as {{Lab.ReceiverAs}};
              neighbor {{Lab.Feeder}} as {{Lab.FeederAs}};
              passive;
              hold time 240;
              ipv4 { import all; export none; };
            }
            protocol bgp sink {
              local {{Lab.Receiver}} port {{EndPoint.Port}} as {{Lab.ReceiverAs}};
              neighbor {{Lab.Sink}} as {{Lab.SinkAs}};
              passive;
              hold time 240;
              ipv4 { import none; export all; };
            }
            """));
        return ["bird", "-f", "-c", config, "-s", SocketPath, "-P", Path.Combine(Directory, "bird.pid")];
    }

    /// <summary>"show route count" over BIRD's control socket (the protocol birdc speaks).</summary>
    public override async Task<int> TableSizeAsync()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await ReadReplyAsync(reader); // the greeting
        await stream.WriteAsync("show route count\n"u8.ToArray());
        foreach (var line in await ReadReplyAsync(reader))
        {
            if (RouteCount().Match(line) is { Success: true } m)
            {
                return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }
        throw new IOException("BIRD did not report a route count");
    }

    /// <summary>Lines up to the one whose code is followed by a space (the last line of a reply).</summary>
    private static async Task<List<string>> ReadReplyAsync(StreamReader reader)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line.Length >= 5 && char.IsAsciiDigit(line[0]) && line[4] == ' ')
            {
                return lines;
            }
        }
        throw new IOException("BIRD closed its control socket");
    }

    [GeneratedRegex(@"(\d+) of \d+ routes")]
    private static partial Regex RouteCount();
}
