using System.Globalization;
using System.Text.Json;

namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// GoBGP (Debian's gobgpd) run in the foreground inside a namespace, its gRPC API on the namespace's
/// loopback only, its configuration in its own directory.
/// </summary>
/// <remarks>
/// GoBGP's configuration cannot hold routes, so they are added over the API after it starts. For them to
/// be in its RIB when a session opens (so that it sends them right behind its KEEPALIVE, as it does in
/// production), <paramref name="config"/> sets <c>admin-down = true</c> on every neighbor, and each one
/// in <paramref name="neighbors"/> is enabled only once <paramref name="routes"/> are added.
/// </remarks>
/// <param name="routes">Arguments of "gobgp global rib add", one route a line ("-a ipv4 10.1.0.0/16 origin igp aspath 4200000099").</param>
/// <param name="neighbors">Neighbor addresses to enable after the routes are in.</param>
internal sealed class GoBgp(string name, string ns, string directory, string config, IReadOnlyList<string> routes, IReadOnlyList<string> neighbors) : IPeerDaemon
{
    public const string Binary = "/usr/bin/gobgpd";
    public const string Client = "/usr/bin/gobgp";

    /// <summary>The gRPC API's address: loopback inside the namespace, so it cannot clash with anything outside.</summary>
    private const string ApiHost = "127.0.0.1";
    private const int ApiPort = 50051;

    private readonly NamespaceProcess _process = new(ns, Binary,
        ["-f", Path.Combine(directory, "gobgpd.toml"), "-t", "toml", "-p", "--api-hosts", $"{ApiHost}:{ApiPort}", "--pprof-disable"]);

    public string Name { get; } = name;

    public async Task StartAsync()
    {
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "gobgpd.toml"), config);
        _process.Start();
        await Wait.UntilAsync(async () => _process.HasExited || (await CliAsync(check: false, "global")).Contains("AS:", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), $"{Name} (gobgpd) to answer on its API", () => LogTail());
        Assert.False(_process.HasExited, $"{Name}: gobgpd exited at start:\n{LogTail()}");
        foreach (var route in routes)
        {
            await CliAsync(["global", "rib", "add", .. route.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        }
        foreach (var neighbor in neighbors)
        {
            await CliAsync("neighbor", neighbor, "enable");
        }
    }

    public Task<string> CliAsync(params string[] args) => CliAsync(check: true, args);

    private Task<string> CliAsync(bool check, params string[] args) =>
        Shell.RunAsync("ip", ["netns", "exec", ns, Client, "-u", ApiHost, "-p", ApiPort.ToString(CultureInfo.InvariantCulture), .. args], check: check);

    /// <summary>A CLI command's JSON answer ("-j").</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var text = await CliAsync([.. args, "-j"]);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) || text.Trim() == "null" ? "{}" : text).RootElement.Clone();
    }

    /// <summary>"gobgp neighbor ADDRESS -j": configuration, state, capabilities sent and received.</summary>
    public Task<JsonElement> NeighborAsync(string address) => JsonAsync("neighbor", address);

    /// <summary>True when the session with <paramref name="address"/> is Established (GoBGP's session_state 6).</summary>
    public async Task<bool> EstablishedAsync(string address) =>
        (await NeighborAsync(address)).GetProperty("state").TryGetProperty("session_state", out var state) && state.GetInt32() == 6;

    /// <summary>The routes GoBGP received from <paramref name="address"/> in one family ("neighbor X adj-in -a F"): prefix → its path.</summary>
    public async Task<Dictionary<string, JsonElement>> AdjInAsync(string address, string family)
    {
        var table = await JsonAsync("neighbor", address, "adj-in", "-a", family);
        return table.ValueKind == JsonValueKind.Object ? table.EnumerateObject().ToDictionary(p => p.Name, p => p.Value[0]) : [];
    }

    /// <summary>A clean stop (SIGTERM: GoBGP sends each peer Cease/Peer De-configured) and a fresh start: new process, routes added again, neighbors enabled.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    public string Log() => _process.Output;

    public string LogTail(int lines = 15) => string.Join('\n', Log().Split('\n').TakeLast(lines));

    public void Dispose() => _process.Dispose();
}
