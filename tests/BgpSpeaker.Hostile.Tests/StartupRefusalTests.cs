using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>When the machine refuses what the daemon needs, it says so in one sentence and exits 1: no stack trace, no exit 0.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task AFabricWithoutRawSocketsIsOnePlainErrorAndExitOne()
    {
        var (exitCode, log) = await RunAsync($"""
            fabric: {"{"} interfaces: [eth9], remoteAs: external, import: accept, export: local-routes {"}"}
            """, asUser: "nobody");

        Assert.Equal(1, exitCode);
        Assert.Contains("bgpspeaker cannot run: cannot open the ICMPv6 socket for router discovery on the fabric: Permission denied", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMetricsPortInUseIsOnePlainErrorNamingItAndExitOne()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var endPoint = (IPEndPoint)taken.LocalEndPoint!;

        var (exitCode, log) = await RunAsync($"""
            metrics: {"{"} listen: "{endPoint}" {"}"}
            """);

        Assert.Equal(1, exitCode);
        Assert.Contains($"bgpspeaker cannot run: metrics.listen {endPoint}: Address already in use", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>bgpspeaker run</c> with a minimal config plus <paramref name="extra"/> until it exits (30 s at most).</summary>
    private static async Task<(int ExitCode, string Log)> RunAsync(string extra, string? asUser = null)
    {
        var directory = Directory.CreateTempSubdirectory("bghc-").FullName;
        try
        {
            var config = Path.Combine(directory, "bgpspeaker.yaml");
            await File.WriteAllTextAsync(config, $"""
                asn: 65010
                routerId: 10.0.0.1
                listen: {"{"} addresses: ["127.0.0.1"], port: {Harness.Ports.Free()} {"}"}
                {extra}
                """);
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF); // another user must reach the file and make its socket
            File.SetUnixFileMode(config, (UnixFileMode)0x1A4);
            string[] command = [Path.Combine(AppContext.BaseDirectory, "bgpspeaker"), "run", "--config", config, "--socket", Path.Combine(directory, "s.sock")];
            var start = new ProcessStartInfo(asUser is null ? command[0] : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in asUser is null ? command[1..] : ["-u", asUser, "--", .. command])
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
