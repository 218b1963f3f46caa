using System.Diagnostics;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>Without the capabilities a fabric needs, the daemon says so in one sentence and exits 1: no stack trace, no exit 0.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CapabilityTests
{
    [Fact]
    public async Task AFabricWithoutRawSocketsIsOnePlainErrorAndExitOne()
    {
        var directory = Directory.CreateTempSubdirectory("bghc-").FullName;
        try
        {
            var config = Path.Combine(directory, "bgpspeaker.yaml");
            await File.WriteAllTextAsync(config, $"""
                asn: 65010
                routerId: 10.0.0.1
                listen: {"{"} addresses: ["127.0.0.1"], port: {Harness.Ports.Free()} {"}"}
                fabric: {"{"} interfaces: [eth9], remoteAs: external, import: accept, export: local-routes {"}"}
                """);
            File.SetUnixFileMode(directory, (UnixFileMode)0x1FF); // nobody must reach the file and make its socket
            File.SetUnixFileMode(config, (UnixFileMode)0x1A4);
            var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["-u", "nobody", "--", Path.Combine(AppContext.BaseDirectory, "bgpspeaker"), "run", "--config", config, "--socket", Path.Combine(directory, "s.sock")])
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            string log = await output + await error;

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("bgpspeaker cannot run: cannot open the ICMPv6 socket for router discovery on the fabric: Permission denied", log, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
