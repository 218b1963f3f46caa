using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BgpSpeaker.FibBench;

/// <summary>
/// The node the benchmark writes routes into: a network namespace of its own with two uplinks carrying only
/// IPv6 link-locals (veth pairs up1/leaf1, up2/leaf2) and 10.0.0.11/32 on lo. Our sockets are opened on a
/// thread that joined it (a socket stays in the namespace it was made in); `ip` checks the counts.
/// </summary>
internal sealed partial class BenchNamespace : IDisposable
{
    public BenchNamespace()
    {
        Name = $"fibbench{Environment.ProcessId}";
        Run("ip", "netns", "add", Name);
        Ip("link set lo up");
        Ip("link add up1 type veth peer name leaf1");
        Ip("link add up2 type veth peer name leaf2");
        foreach (var link in new[] { "up1", "leaf1", "up2", "leaf2" })
        {
            Run("ip", "netns", "exec", Name, "sysctl", "-qw", $"net.ipv6.conf.{link}.accept_dad=0");
            Ip($"link set {link} up");
        }
        Ip("address add 10.0.0.11/32 dev lo");
        Up1 = IndexOf("up1");
        Up2 = IndexOf("up2");
    }

    public string Name { get; }
    public int Up1 { get; }
    public int Up2 { get; }

    public string Ip(string arguments) => Run("ip", ["-n", Name, .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Runs <paramref name="action"/> on a thread inside the namespace.</summary>
    public T Enter<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (setns((int)handle.DangerousGetHandle(), 0x40000000) != 0)
                {
                    throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
                }
                result = action();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException(failure.Message, failure);
    }

    /// <summary>Counts routes of protocol 201 with iproute2 (one line each with -o), streaming its output.</summary>
    public int CountRoutes(bool ipv6 = false)
    {
        var start = new ProcessStartInfo("ip", ["-n", Name, ipv6 ? "-6" : "-4", "-o", "route", "show", "proto", "201"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ip");
        int lines = 0;
        while (process.StandardOutput.ReadLine() is not null)
        {
            lines++;
        }
        process.WaitForExit();
        return lines;
    }

    public void Dispose() => Run("ip", "netns", "delete", Name);

    private int IndexOf(string link)
    {
        var line = Ip($"-o link show {link}");
        return int.Parse(line[..line.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);
}
