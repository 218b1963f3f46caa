namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// BIRD 2 (Debian's bird2) run in the foreground inside a namespace, with its configuration, control
/// socket, pid file and log in its own directory. <paramref name="config"/> is bird.conf without a
/// <c>log</c> line (one to bird.log is put first). No kernel protocol: nothing it learns is installed.
/// </summary>
internal sealed class Bird(string name, string ns, string directory, string config) : IPeerDaemon
{
    public const string Binary = "/usr/sbin/bird";
    public const string Client = "/usr/sbin/birdc";

    private readonly NamespaceProcess _process = new(ns, Binary,
        ["-f", "-c", Path.Combine(directory, "bird.conf"), "-s", Path.Combine(directory, "bird.ctl"), "-P", Path.Combine(directory, "bird.pid")]);

    public string Name { get; } = name;

    private string SocketPath => Path.Combine(directory, "bird.ctl");

    private string LogPath => Path.Combine(directory, "bird.log");

    public async Task StartAsync()
    {
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "bird.conf"), $"log \"{LogPath}\" all;\n{config}");
        File.Delete(SocketPath);
        _process.Start();
        await Wait.UntilAsync(async () => _process.HasExited || (await StatusAsync()).Contains("Daemon is up and running", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), $"{Name} (bird) to start", () => LogTail());
        Assert.False(_process.HasExited, $"{Name}: bird exited at start:\n{LogTail()}");
    }

    private Task<string> StatusAsync() => Shell.RunAsync(Client, ["-s", SocketPath, "show", "status"], check: false);

    /// <summary>A command over the control socket (birdc's output, "BIRD x.y ready." first).</summary>
    public Task<string> BirdcAsync(params string[] command) => Shell.RunAsync(Client, ["-s", SocketPath, .. command]);

    /// <summary>"show protocols all PROTOCOL": state, negotiated capabilities, route counters.</summary>
    public Task<string> ProtocolAsync(string protocol) => BirdcAsync("show", "protocols", "all", protocol);

    /// <summary>The BGP state of a protocol ("Established", "Active", ...), or "" before BIRD reports one.</summary>
    public async Task<string> BgpStateAsync(string protocol)
    {
        var line = (await ProtocolAsync(protocol)).Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("BGP state:", StringComparison.Ordinal));
        return line is null ? "" : line.Split(':', 2)[1].Trim();
    }

    /// <summary>The routes BIRD holds from <paramref name="protocol"/> ("show route all protocol P"), by prefix.</summary>
    public async Task<Dictionary<string, BirdRoute>> RoutesAsync(string protocol) =>
        BirdRoute.Parse(await BirdcAsync("show", "route", "all", "protocol", protocol));

    /// <summary>A clean shutdown (SIGTERM: BIRD sends each peer Cease/Administrative Shutdown) and a fresh start with the same configuration.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    public string Log() => (File.Exists(LogPath) ? File.ReadAllText(LogPath) : "") + _process.Output;

    public string LogTail(int lines = 15) => string.Join('\n', Log().Split('\n').TakeLast(lines));

    public void Dispose() => _process.Dispose();
}

/// <summary>One route as "show route all" prints it: the gateway line ("via X on IF") and the attribute lines (BGP.as_path, ...).</summary>
internal sealed record BirdRoute(string Prefix, string Via, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>
    /// Parses "show route all": a route starts on an unindented line with its prefix (a second route for
    /// the same prefix starts indented with spaces, and is skipped here); its details follow, each on a
    /// line indented with a tab.
    /// </summary>
    public static Dictionary<string, BirdRoute> Parse(string text)
    {
        var routes = new Dictionary<string, BirdRoute>();
        string? prefix = null;
        string via = "";
        var attributes = new Dictionary<string, string>();
        void Flush()
        {
            if (prefix is not null)
            {
                routes.TryAdd(prefix, new BirdRoute(prefix, via, attributes));
            }
            (prefix, via, attributes) = (null, "", []);
        }
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('\t'))
            {
                var detail = line.Trim();
                if (detail.StartsWith("via ", StringComparison.Ordinal))
                {
                    via = detail[4..];
                }
                else if (detail.Split(':', 2) is [var key, var value])
                {
                    attributes[key] = value.Trim();
                }
            }
            else
            {
                Flush();
                var first = line.Split(' ', 2)[0];
                if (first.Contains('/', StringComparison.Ordinal))
                {
                    prefix = first;
                }
            }
        }
        Flush();
        return routes;
    }
}
