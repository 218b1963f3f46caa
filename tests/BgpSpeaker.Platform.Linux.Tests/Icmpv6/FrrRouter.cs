using BgpSpeaker.Platform.Linux.Tests.Lab;

namespace BgpSpeaker.Platform.Linux.Tests.Icmpv6;

/// <summary>
/// Debian's FRR (zebra, optionally bgpd) started by hand inside a test namespace, every path (configs,
/// pid files, vty and zserv sockets, logs) in its own temporary directory, killed by pid when disposed.
/// </summary>
internal sealed class FrrRouter : IDisposable
{
    private const string Daemons = "/usr/lib/frr";
    private readonly TestNamespace _ns;
    private readonly string _directory = Directory.CreateTempSubdirectory("bgpt-frr-").FullName;

    public FrrRouter(TestNamespace ns, string zebraConfig, string? bgpdConfig = null)
    {
        foreach (var path in new[] { $"{Daemons}/zebra", $"{Daemons}/bgpd", "/usr/bin/vtysh" })
        {
            if (!File.Exists(path))
            {
                Assert.Fail($"this test needs {path}: install FRR with `apt-get install frr` (interop/install-deps.sh does)");
            }
        }
        _ns = ns;
        File.WriteAllText(Path.Combine(_directory, "zebra.conf"), zebraConfig);
        Start("zebra");
        if (bgpdConfig is not null)
        {
            File.WriteAllText(Path.Combine(_directory, "bgpd.conf"), bgpdConfig);
            Start("bgpd");
        }
    }

    /// <summary>Runs a show command against zebra (<c>vtysh -d zebra</c>).</summary>
    public string Zebra(string command) => TestNamespace.Run("vtysh", "--vty_socket", _directory, "-d", "zebra", "-c", command);

    public string Log(string daemon)
    {
        var path = Path.Combine(_directory, $"{daemon}.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    /// <summary>-u root -g frrvty: stay root without touching the system's users; -P 0: no TCP vty.</summary>
    private void Start(string daemon)
    {
        _ns.Exec($"{Daemons}/{daemon}", "-d", "-u", "root", "-g", "frrvty",
            "-f", Path.Combine(_directory, $"{daemon}.conf"), "-i", Path.Combine(_directory, $"{daemon}.pid"),
            "-z", Path.Combine(_directory, "zserv.api"), "--vty_socket", _directory, "-P", "0",
            "--log", $"file:{Path.Combine(_directory, $"{daemon}.log")}");
        var ready = Path.Combine(_directory, $"{daemon}.vty");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(ready))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{daemon} did not start: {Log(daemon)}");
            }
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        foreach (var daemon in new[] { "bgpd", "zebra" })
        {
            var pidFile = Path.Combine(_directory, $"{daemon}.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(5000);
                }
                catch (ArgumentException)
                {
                    // already gone
                }
            }
        }
        Directory.Delete(_directory, recursive: true);
    }
}
