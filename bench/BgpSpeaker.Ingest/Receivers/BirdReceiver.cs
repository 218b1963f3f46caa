using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace BgpSpeaker.Ingest.Receivers;

/// <summary>
/// BIRD, 2 from Debian or 3 built by hand (<paramref name="binary"/>, named by its version), configured to do
/// what bgpspeaker does here: import all, export all, an IPv6 channel beside the IPv4 one with
/// <paramref name="ipv6"/>, and the kernel FIB (its kernel protocol) only with <paramref name="fib"/>. Both
/// versions read the same file (logging to stderr, which lands in the receiver's log, not to syslog). BIRD 3
/// runs its default thread groups (one worker thread beside the main one); its threads are all in the one
/// process whose /proc figures the base class reads.
/// </summary>
internal sealed partial class BirdReceiver(string binary, string workDirectory, int port, bool fib, bool ipv6)
    : Receiver(Label(binary), workDirectory, port)
{
    private static readonly Dictionary<string, string> Labels = [];

    public override byte KernelProtocol => 12; // "bird" in /etc/iproute2/rt_protos

    private string SocketPath => Path.Combine(Directory, "bird.ctl");

    protected override IEnumerable<string> Command()
    {
        string config = Path.Combine(Directory, "bird.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            router id {{Lab.Receiver}};
            log stderr all;
            protocol device { }
            {{(fib ? "protocol kernel { ipv4 { export all; }; }" : "")}}
            protocol bgp feeder {
              local {{Lab.Receiver}} port {{EndPoint.Port}} as {{Lab.ReceiverAs}};
              neighbor {{Lab.Feeder}} as {{Lab.FeederAs}};
              passive;
              hold time 240;
              ipv4 { import all; export none; };
              {{(ipv6 ? "ipv6 { import all; export none; };" : "")}}
            }
            protocol bgp sink {
              local {{Lab.Receiver}} port {{EndPoint.Port}} as {{Lab.ReceiverAs}};
              neighbor {{Lab.Sink}} as {{Lab.SinkAs}};
              passive;
              hold time 240;
              ipv4 { import none; export all; };
              {{(ipv6 ? "ipv6 { import none; export all; };" : "")}}
            }
            """));
        return [binary, "-f", "-c", config, "-s", SocketPath, "-P", Path.Combine(Directory, "bird.pid")];
    }

    /// <summary>"BIRD 2.0.12" from `bird --version` (which prints "BIRD version 2.0.12" on stderr), asked once per binary.</summary>
    private static string Label(string binary)
    {
        lock (Labels)
        {
            if (!Labels.TryGetValue(binary, out string? label))
            {
                var start = new ProcessStartInfo(binary, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
                using var bird = Process.Start(start) ?? throw new IOException($"cannot start {binary}");
                string output = bird.StandardError.ReadToEnd() + bird.StandardOutput.ReadToEnd();
                bird.WaitForExit();
                label = Labels[binary] = Version().Match(output) is { Success: true } m ? $"BIRD {m.Groups[1].Value}" : "BIRD";
            }
            return label;
        }
    }

    /// <summary>
    /// The feeder protocol's imported-route counters ("show protocols all feeder"), summed over its
    /// channels (IPv4 and IPv6), over BIRD's control socket, the protocol birdc speaks. Stored counters:
    /// "show route count" walks the table and would slow BIRD down while it is being measured.
    /// </summary>
    public override async Task<int> TableSizeAsync()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await ReadReplyAsync(reader); // the greeting
        await stream.WriteAsync("show protocols all feeder\n"u8.ToArray());
        int imported = 0; // before the session is up, BIRD prints no route counters
        foreach (var line in await ReadReplyAsync(reader))
        {
            if (ImportedCount().Match(line) is { Success: true } m)
            {
                imported += int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }
        return imported;
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

    [GeneratedRegex(@"BIRD version (\S+)")]
    private static partial Regex Version();
}
