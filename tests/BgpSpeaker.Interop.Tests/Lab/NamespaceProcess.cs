using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BgpSpeaker.Interop.Tests.Lab;

/// <summary>
/// A daemon run in the foreground inside a namespace, as a child of the test host: <c>ip netns exec</c>
/// execs it in place, so the process started is the daemon, and stopping it needs no pid file.
/// Its standard output and error are kept for diagnostics.
/// </summary>
internal sealed class NamespaceProcess(string ns, string file, IReadOnlyList<string> args) : IDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public bool HasExited => _process?.HasExited ?? true;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Start()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "netns", "exec", ns, file }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>SIGTERM (the daemon's clean shutdown: it sends its peers a Cease), then SIGKILL if it is still there after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        await Shell.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], check: false);
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Append($"(did not exit within {grace.TotalSeconds:0} s of SIGTERM: killed)");
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public void Dispose() => _process?.Dispose();
}
