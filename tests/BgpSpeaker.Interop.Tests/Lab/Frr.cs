using System.Text.Json;

namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// One FRR router (zebra + bgpd, Debian's package) started by hand inside a namespace, with every path
/// (config, pid files, vty and zserv sockets, logs) in its own directory.
/// </summary>
internal sealed class Frr(string name, string ns, string directory, string bgpdConfig)
{
    private const string Daemons = "/usr/lib/frr";

    public string Name { get; } = name;

    public async Task StartAsync()
    {
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "bgpd.conf"), bgpdConfig);
        await File.WriteAllTextAsync(Path.Combine(directory, "zebra.conf"), "! zebra\n");
        await StartDaemonAsync("zebra", Path.Combine(directory, "zserv.api"));
        await StartDaemonAsync("bgpd", Path.Combine(directory, "bgpd.vty"));
    }

    /// <summary>-u root -g frrvty: stay root without changing the system's groups; -P 0: no TCP vty.</summary>
    private async Task StartDaemonAsync(string daemon, string readyFile)
    {
        File.Delete(readyFile);
        await Shell.RunAsync("ip", ["netns", "exec", ns, $"{Daemons}/{daemon}", "-d", "-u", "root", "-g", "frrvty",
            "-f", Path.Combine(directory, $"{daemon}.conf"), "-i", Path.Combine(directory, $"{daemon}.pid"),
            "-z", Path.Combine(directory, "zserv.api"), "--vty_socket", directory, "-P", "0",
            "--log", $"file:{Path.Combine(directory, $"{daemon}.log")}"]);
        await Wait.UntilAsync(() => Task.FromResult(File.Exists(readyFile)), TimeSpan.FromSeconds(10), $"{Name} {daemon} to start", () => LogTail());
    }

    public Task<string> VtyshAsync(params string[] commands) =>
        Shell.RunAsync("vtysh", ["--vty_socket", directory, .. commands.SelectMany(c => new[] { "-c", c })]);

    public async Task<JsonElement> JsonAsync(string command)
    {
        var text = await VtyshAsync(command);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text).RootElement.Clone();
    }

    public Task ConfigureAsync(params string[] lines) => VtyshAsync(["configure terminal", .. lines]);

    /// <summary>The state FRR shows for a neighbor ("Established", "Active", ...), or "" if unknown.</summary>
    public async Task<string> NeighborStateAsync(string neighbor)
    {
        var json = await JsonAsync($"show bgp neighbors {neighbor} json");
        return json.TryGetProperty(neighbor, out var n) && n.TryGetProperty("bgpState", out var state) ? state.GetString() ?? "" : "";
    }

    /// <summary>Sends a signal to bgpd: KILL for a crash, STOP to freeze it with its TCP sessions open.</summary>
    public async Task SignalBgpdAsync(string signal)
    {
        var pid = (await File.ReadAllTextAsync(Path.Combine(directory, "bgpd.pid"))).Trim();
        await Shell.RunAsync("kill", [$"-{signal}", pid]);
    }

    /// <summary>Starts bgpd again after it was killed (zebra kept running).</summary>
    public Task RestartBgpdAsync() => StartDaemonAsync("bgpd", Path.Combine(directory, "bgpd.vty"));

    /// <summary>Kills bgpd (SIGKILL, a crash), waits until it is gone, and starts it again with <paramref name="config"/>.</summary>
    public async Task CrashAndRestartBgpdAsync(string config)
    {
        var pid = (await File.ReadAllTextAsync(Path.Combine(directory, "bgpd.pid"))).Trim();
        await Shell.RunAsync("kill", ["-KILL", pid]);
        await Wait.UntilAsync(() => Task.FromResult(!System.IO.Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(10), $"{Name} bgpd {pid} to die");
        await File.WriteAllTextAsync(Path.Combine(directory, "bgpd.conf"), config);
        await RestartBgpdAsync();
    }

    public string LogTail(int lines = 15)
    {
        var path = Path.Combine(directory, "bgpd.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : "(no log)";
    }

    public string Log()
    {
        var path = Path.Combine(directory, "bgpd.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async Task StopAsync()
    {
        foreach (var daemon in new[] { "bgpd", "zebra" })
        {
            var pidFile = Path.Combine(directory, $"{daemon}.pid");
            if (File.Exists(pidFile))
            {
                await Shell.RunAsync("kill", ["-KILL", (await File.ReadAllTextAsync(pidFile)).Trim()], check: false);
            }
        }
    }
}
