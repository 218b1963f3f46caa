namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// A throw-away network of namespaces, veth links, FRR, BIRD and GoBGP instances and bgpspeaker processes. Every name
/// carries the lab's id (bgpt-ID-...), and disposing removes all of it, whatever the test did.
/// </summary>
internal sealed class NetLab : IAsyncDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly List<Frr> _routers = [];
    private readonly List<Speaker> _speakers = [];
    private readonly List<IPeerDaemon> _peers = [];

    private NetLab(string id)
    {
        Id = id;
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"bgpt-{id}")).FullName;
    }

    public string Id { get; }

    public string Directory { get; }

    public static async Task<NetLab> CreateAsync()
    {
        Requirements.Check();
        await RemoveLeftoversAsync();
        // The test process's id is part of every name, so a second test run (a developer's, beside CI's)
        // never removes the labs of a run that is still going.
        return new NetLab($"{Environment.ProcessId}x{Guid.NewGuid().ToString("N")[..6]}");
    }

    public string Namespace(string name) => $"bgpt-{Id}-{name}";

    public async Task AddNamespacesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await Shell.Ip("netns", "add", Namespace(name));
            _namespaces.Add(Namespace(name));
            await Shell.Ip("-n", Namespace(name), "link", "set", "lo", "up");
        }
    }

    /// <summary>A veth pair between two namespaces; no automatic link-local addresses (tests set them).</summary>
    public async Task LinkAsync(string a, string ifA, string b, string ifB)
    {
        await Shell.Ip("link", "add", ifA, "netns", Namespace(a), "type", "veth", "peer", "name", ifB, "netns", Namespace(b));
        foreach (var (ns, dev) in new[] { (a, ifA), (b, ifB) })
        {
            await Shell.Ip("-n", Namespace(ns), "link", "set", dev, "addrgenmode", "none");
            await Shell.Ip("-n", Namespace(ns), "link", "set", dev, "up");
        }
    }

    public Task AddressAsync(string ns, string dev, string cidr) =>
        cidr.Contains(':', StringComparison.Ordinal)
            ? Shell.Ip("-n", Namespace(ns), "addr", "add", cidr, "dev", dev, "nodad")
            : Shell.Ip("-n", Namespace(ns), "addr", "add", cidr, "dev", dev);

    public async Task<Frr> StartFrrAsync(string name, string ns, string bgpdConfig)
    {
        var frr = new Frr(name, Namespace(ns), Path.Combine(Directory, name), bgpdConfig);
        _routers.Add(frr);
        await frr.StartAsync();
        return frr;
    }

    /// <summary>BIRD 2 in namespace <paramref name="ns"/> with this bird.conf (see <see cref="Bird"/>).</summary>
    public async Task<Bird> StartBirdAsync(string name, string ns, string config)
    {
        Requirements.Need(Bird.Binary, "bird2");
        Requirements.Need(Bird.Client, "bird2");
        var bird = new Bird(name, Namespace(ns), Path.Combine(Directory, name), config);
        _peers.Add(bird);
        await bird.StartAsync();
        return bird;
    }

    /// <summary>GoBGP in namespace <paramref name="ns"/> with this gobgpd.toml, announcing <paramref name="routes"/> (see <see cref="GoBgp"/>).</summary>
    public async Task<GoBgp> StartGoBgpAsync(string name, string ns, string config, IReadOnlyList<string> routes, IReadOnlyList<string> neighbors)
    {
        Requirements.Need(GoBgp.Binary, "gobgpd");
        Requirements.Need(GoBgp.Client, "gobgpd");
        var gobgp = new GoBgp(name, Namespace(ns), Path.Combine(Directory, name), config, routes, neighbors);
        _peers.Add(gobgp);
        await gobgp.StartAsync();
        return gobgp;
    }

    public async Task<Speaker> StartSpeakerAsync(string ns, string yaml)
    {
        var speaker = new Speaker(Namespace(ns), Path.Combine(Directory, $"speaker-{_speakers.Count}"), yaml);
        _speakers.Add(speaker);
        await speaker.StartAsync();
        return speaker;
    }

    /// <summary>GET <paramref name="url"/> from inside namespace <paramref name="ns"/> (python3's urllib): the status and the body.</summary>
    public async Task<(int Status, string Body)> HttpGetAsync(string ns, string url)
    {
        const string Script = """
            import sys, urllib.request, urllib.error
            try:
                r = urllib.request.urlopen(sys.argv[1], timeout=5); status, body = r.status, r.read()
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read()
            sys.stdout.write(str(status) + "\n" + body.decode())
            """;
        string output = await Shell.RunAsync("ip", ["netns", "exec", Namespace(ns), "python3", "-c", Script, url]);
        int newline = output.IndexOf('\n', StringComparison.Ordinal);
        return (int.Parse(output[..newline], System.Globalization.CultureInfo.InvariantCulture), output[(newline + 1)..]);
    }

    /// <summary>What a failing wait shows: each process's recent log.</summary>
    public string Diagnostics() =>
        string.Join("\n", _speakers.Select(s => $"--- bgpspeaker log\n{s.Log}").Concat(_routers.Select(r => $"--- {r.Name} bgpd log (tail)\n{r.LogTail()}"))
            .Concat(_peers.Select(p => $"--- {p.Name} log (tail)\n{p.LogTail()}")));

    public async ValueTask DisposeAsync()
    {
        foreach (var speaker in _speakers)
        {
            await speaker.DisposeAsync();
        }
        foreach (var frr in _routers)
        {
            await frr.StopAsync();
        }
        foreach (var peer in _peers)
        {
            await peer.StopAsync();
            peer.Dispose();
        }
        foreach (var ns in _namespaces)
        {
            await Shell.RunAsync("ip", ["netns", "del", ns], check: false);
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Namespaces left by a run that was killed before it could clean up.</summary>
    private static async Task RemoveLeftoversAsync()
    {
        var list = await Shell.RunAsync("ip", ["netns", "list"], check: false);
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith("bgpt-", StringComparison.Ordinal) && !OwnedByALiveRun(name))
            {
                await Shell.RunAsync("ip", ["netns", "pids", name], check: false)
                    .ContinueWith(async pids => await KillAllAsync((await pids).Split('\n', StringSplitOptions.RemoveEmptyEntries)), TaskScheduler.Default).Unwrap();
                await Shell.RunAsync("ip", ["netns", "del", name], check: false);
            }
        }
    }

    /// <summary>bgpt-PIDxID-NAME: left over only when PID, the test run that made it, is gone.</summary>
    private static bool OwnedByALiveRun(string name)
    {
        var owner = name["bgpt-".Length..].Split('x', '-')[0];
        return int.TryParse(owner, System.Globalization.CultureInfo.InvariantCulture, out int pid) && System.IO.Directory.Exists($"/proc/{pid}");
    }

    private static async Task KillAllAsync(string[] pids)
    {
        foreach (var pid in pids)
        {
            await Shell.RunAsync("kill", ["-KILL", pid.Trim()], check: false);
        }
    }
}
