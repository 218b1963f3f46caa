using System.Globalization;
using System.Text.Json;

namespace BgpSpeaker.Hostile.Tests.Harness;

/// <summary>A <c>bgpspeaker run</c> process on loopback (a port of its own): the shared process, plus what hostile tests measure.</summary>
/// <param name="extraArgs">More <c>run</c> options, e.g. the hidden <c>--max-send-queue</c>.</param>
internal sealed class DaemonProcess(string directory, string yaml, int port, params string[] extraArgs)
    : SpeakerProcess(directory, yaml, null, ["--port", port.ToString(CultureInfo.InvariantCulture), .. extraArgs])
{
    public int Port => port;

    /// <summary>Writes <paramref name="newYaml"/> over the file, sends SIGHUP and waits for the daemon's verdict in the log.</summary>
    public async Task ReloadAsync(string newYaml)
    {
        int before = ReloadVerdicts();
        await SignalReloadAsync(newYaml);
        await Wait.UntilAsync(() => Task.FromResult(ReloadVerdicts() > before || HasExited), Wait.Default, "the daemon to log the reload", () => Log);
        Assert.False(HasExited, $"bgpspeaker exited (code {(HasExited ? ExitCode : 0)}) on a reload:\n{Log}");
    }

    /// <summary>Log lines that end a reload: reloaded (event 1400), refused (1402) or failed (1404).</summary>
    public int ReloadVerdicts() =>
        Log.Split('\n').Count(l => l.Contains("[1400]", StringComparison.Ordinal) || l.Contains("[1402]", StringComparison.Ordinal) || l.Contains("[1404]", StringComparison.Ordinal));

    /// <summary>The routes learned from <paramref name="peer"/>, by prefix.</summary>
    public async Task<Dictionary<string, JsonElement>> RoutesFromAsync(string peer) =>
        (await ShowAsync("routes")).GetProperty("routes").EnumerateArray()
            .Where(r => r.GetProperty("peer").GetString() == peer)
            .ToDictionary(r => r.GetProperty("prefix").GetString()!);

    /// <summary>Open file descriptors of the daemon, from /proc.</summary>
    public int OpenDescriptors() => Directory.GetFiles($"/proc/{Pid}/fd").Length;

    /// <summary>Resident memory from /proc, in KiB.</summary>
    public long ResidentKib()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
