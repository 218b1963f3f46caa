using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.TestSupport;

/// <summary>
/// A real <c>bgpspeaker run</c> process for the hostile and interop suites: its configuration file and
/// control socket in <paramref name="directory"/>, its log, signals (SIGHUP reload, SIGTERM stop), and
/// its control socket. Started in <paramref name="netns"/> when given (<c>ip netns exec</c> execs the
/// daemon in place, so the process started is the daemon).
/// </summary>
internal class SpeakerProcess(string directory, string yaml, string? netns = null, params string[] extraArgs) : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string ConfigPath => Path.Combine(directory, "bgpspeaker.yaml");

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

    public int ExitCode => _process?.ExitCode ?? throw new InvalidOperationException("not started");

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(ConfigPath, yaml);
        var binary = Path.Combine(AppContext.BaseDirectory, "bgpspeaker");
        string[] run = [binary, "run", "--config", ConfigPath, "--socket", SocketPath, .. extraArgs];
        var start = new ProcessStartInfo(netns is null ? binary : "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in netns is null ? run[1..] : ["netns", "exec", netns, .. run])
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

    /// <summary>Rewrites the configuration file and sends SIGHUP, as an operator (or a ConfigMap update) would.</summary>
    public async Task SignalReloadAsync(string newYaml)
    {
        await File.WriteAllTextAsync(ConfigPath, newYaml);
        await SignalAsync("HUP");
    }

    /// <summary>Asks the daemon over its control socket ("neighbors", "routes", "fib", ...).</summary>
    public Task<JsonElement> ShowAsync(string command) => ControlSocket.ShowAsync(SocketPath, command);

    public Task<JsonElement> NeighborAsync(string name) => ControlSocket.NeighborAsync(SocketPath, name);

    /// <summary>SIGTERM, as systemd or the kubelet stops it; waits for a clean exit (15 s).</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        await SignalAsync("TERM");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

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
        GC.SuppressFinalize(this);
    }
}
