using System.Diagnostics;
using System.Net;

namespace BgpSpeaker.Ingest.Receivers;

/// <summary>
/// The daemon under test, started fresh for every run: it listens on <see cref="EndPoint"/>, accepts the
/// feeder and the sink (see <see cref="Lab"/>), imports everything from the
/// feeder and exports everything to the sink.
/// </summary>
internal abstract class Receiver : IAsyncDisposable
{
    private Process? _process;

    protected Receiver(string name, string workDirectory, int port)
    {
        Name = name;
        Directory = workDirectory;
        EndPoint = new IPEndPoint(Lab.Receiver, port);
        System.IO.Directory.CreateDirectory(workDirectory);
    }

    public string Name { get; }

    public string Directory { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>Resident set size of the daemon process, from /proc.</summary>
    public long ResidentBytes => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>The highest resident set size since the last <see cref="ResetPeak"/> (VmHWM).</summary>
    public long PeakResidentBytes => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>Starts a new peak from the current resident size (writing 5 to /proc/PID/clear_refs).</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{_process!.Id}/clear_refs", "5");

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>CPU seconds (user + system) the daemon has used so far, from /proc; FRR adds zebra's.</summary>
    public virtual double CpuSeconds => CpuSecondsOf(_process!.Id);

    /// <summary>The rtm_protocol of the routes the daemon writes into the kernel (in the FIB benchmark).</summary>
    public abstract byte KernelProtocol { get; }

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    protected static double CpuSecondsOf(int pid)
    {
        // Fields 14 and 15 of /proc/PID/stat, after the parenthesised command name, in clock ticks (100 per second).
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    protected string LogPath => Path.Combine(Directory, "receiver.log");

    /// <summary>IPv4 routes in the receiver's main table (its Loc-RIB).</summary>
    public abstract Task<int> TableSizeAsync();

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", Lab.ReceiverNamespace, .. Command()])
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        var log = File.CreateText(LogPath);
        log.AutoFlush = true;
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await TableSizeAsync();
                return;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>The daemon's command line; it runs in the receiver's namespace ("ip netns exec" execs it, so the PID is the daemon's).</summary>
    protected abstract IEnumerable<string> Command();

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // SIGTERM first: both daemons then close their sessions with a Cease, as in production.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process?.Dispose();
        await StoppedAsync();
    }

    /// <summary>After the daemon's process has ended: stop whatever else it started.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;
}
