using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>A bgpspeaker process in a namespace, its log, and its control socket.</summary>
internal sealed class Speaker(string ns, string directory, string yaml) : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string SocketPath => Path.Combine(directory, "bgpspeaker.sock");

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

    private string ConfigPath => Path.Combine(directory, "bgpspeaker.yaml");

    /// <summary>The daemon's process id (<c>ip netns exec</c> execs it in place, so it is the one started).</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(directory);
        var config = ConfigPath;
        await File.WriteAllTextAsync(config, yaml);
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "netns", "exec", ns, Path.Combine(AppContext.BaseDirectory, "bgpspeaker"), "run", "--config", config, "--socket", SocketPath })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bgpspeaker");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Wait.UntilAsync(() => Task.FromResult(File.Exists(SocketPath) || _process.HasExited), TimeSpan.FromSeconds(20), "bgpspeaker's control socket", () => Log);
        Assert.False(_process.HasExited, $"bgpspeaker exited at start:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>Rewrites the configuration file and sends SIGHUP, as an operator (or a ConfigMap update) would.</summary>
    public async Task ReloadAsync(string newYaml)
    {
        await File.WriteAllTextAsync(ConfigPath, newYaml);
        using var kill = Process.Start("kill", ["-HUP", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Asks the daemon over its control socket ("neighbors", "routes").</summary>
    public Task<JsonElement> ShowAsync(string command) => ControlSocket.ShowAsync(SocketPath, command);

    public Task<JsonElement> NeighborAsync(string name) => ControlSocket.NeighborAsync(SocketPath, name);

    /// <summary>SIGTERM, as systemd or the kubelet stops it; waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        await Shell.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], check: false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
    }

    public int ExitCode => _process?.ExitCode ?? -1;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _process?.Kill(entireProcessTree: true);
        }
        _process?.Dispose();
    }
}
