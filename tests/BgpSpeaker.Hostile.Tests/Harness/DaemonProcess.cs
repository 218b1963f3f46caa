using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>A <c>bgpspeaker run</c> process on loopback: its log, its control socket, its memory.</summary>
/// <param name="extraArgs">More <c>run</c> options, e.g. the hidden <c>--max-send-queue</c>.</param>
internal sealed class DaemonProcess(string directory, string yaml, int port, params string[] extraArgs) : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string SocketPath => Path.Combine(directory, "bgpspeaker.sock");

    public int Port => port;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process?.HasExited ?? true;

    public int ExitCode => _process?.ExitCode ?? throw new InvalidOperationException("not started");

    public string ConfigPath => Path.Combine(directory, "bgpspeaker.yaml");

    /// <summary>Writes <paramref name="newYaml"/> over the file, sends SIGHUP and waits for the daemon's verdict in the log.</summary>
    public async Task ReloadAsync(string newYaml)
    {
        int before = ReloadVerdicts();
        await File.WriteAllTextAsync(ConfigPath, newYaml);
        using (var hup = Process.Start("kill", ["-HUP", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await hup.WaitForExitAsync();
        }
        await Wait.UntilAsync(() => Task.FromResult(ReloadVerdicts() > before || HasExited), Wait.Default, "the daemon to log the reload", () => Log);
        Assert.False(HasExited, $"bgpspeaker exited (code {(HasExited ? ExitCode : 0)}) on a reload:\n{Log}");
    }

    /// <summary>Log lines that end a reload: reloaded (event 1400), refused (1402) or failed (1404).</summary>
    public int ReloadVerdicts() =>
        Log.Split('\n').Count(l => l.Contains("[1400]", StringComparison.Ordinal) || l.Contains("[1402]", StringComparison.Ordinal) || l.Contains("[1404]", StringComparison.Ordinal));

    public async Task StartAsync()
    {
        Directory.CreateDirectory(directory);
        var config = ConfigPath;
        await File.WriteAllTextAsync(config, yaml);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "bgpspeaker"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["run", "--config", config, "--socket", SocketPath, "--port", port.ToString(CultureInfo.InvariantCulture), .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bgpspeaker");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Wait.UntilAsync(() => Task.FromResult(File.Exists(SocketPath) || _process.HasExited), TimeSpan.FromSeconds(20),
            "bgpspeaker's control socket", () => Log);
        Assert.False(_process.HasExited, $"bgpspeaker exited at start:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>Asks the daemon over its control socket ("neighbors", "routes").</summary>
    public Task<JsonElement> ShowAsync(string command) => ControlSocket.ShowAsync(SocketPath, command);

    public Task<JsonElement> NeighborAsync(string name) => ControlSocket.NeighborAsync(SocketPath, name);

    /// <summary>The routes learned from <paramref name="peer"/>, by prefix.</summary>
    public async Task<Dictionary<string, JsonElement>> RoutesFromAsync(string peer) =>
        (await ShowAsync("routes")).GetProperty("routes").EnumerateArray()
            .Where(r => r.GetProperty("peer").GetString() == peer)
            .ToDictionary(r => r.GetProperty("prefix").GetString()!);

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>Open file descriptors of the daemon, from /proc.</summary>
    public int OpenDescriptors() => Directory.GetFiles($"/proc/{Pid}/fd").Length;

    /// <summary>Resident memory from /proc, in KiB.</summary>
    public long ResidentKib()
    {
        var line = File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        _process?.Dispose();
    }
}
