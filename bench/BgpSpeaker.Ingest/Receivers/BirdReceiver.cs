using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace BgpSpeaker.Ingest.Receivers;

/// <summary>
/// BIRD 2 from Debian, configured to do what bgpspeaker does here: import all, export all, and the kernel
/// FIB (its kernel protocol) only with <paramref name="fib"/>.
/// </summary>
internal sealed partial class BirdReceiver(string workDirectory, int port, bool fib = false) : Receiver("bird", workDirectory, port)
{
    public override byte KernelProtocol => 12; // "bird" in /etc/iproute2/rt_protos

    private string SocketPath => Path.Combine(Directory, "bird.ctl");

    protected override IEnumerable<string> Command()
    {
        string config = Path.Combine(Directory, "bird.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{Lab.Receiver}};
            protocol device { }
            {{(fib ? "protocol kernel { ipv4 { export all; }; }" : "")}}
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

    /// <summary>
    /// The feeder protocol's imported-route counter ("show protocols all feeder") over BIRD's control
    /// socket, the protocol birdc speaks. A stored counter: "show route count" walks the table and would
    /// slow BIRD down while it is being measured.
    /// </summary>
    public override async Task<int> TableSizeAsync()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await ReadReplyAsync(reader); // the greeting
        await stream.WriteAsync("show protocols all feeder\n"u8.ToArray());
        foreach (var line in await ReadReplyAsync(reader))
        {
            if (ImportedCount().Match(line) is { Success: true } m)
            {
                return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }
        return 0; // before the session is up, BIRD prints no route counters
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

    [GeneratedRegex(@"Routes:\s+(\d+) imported")]
    private static partial Regex ImportedCount();
}
