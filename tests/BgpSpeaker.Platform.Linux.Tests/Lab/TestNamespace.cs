using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BgpSpeaker.Platform.Linux.Tests.Lab;

/// <summary>
/// A network namespace this test creates and removes, so kernel state (links, addresses, routes) is
/// changed only inside it. Sockets are opened inside it by <see cref="Enter{T}"/>: a dedicated thread
/// joins the namespace (setns), runs the code, and ends; a socket keeps the namespace it was created in.
/// Tests shape the namespace with <c>ip</c> (<see cref="Ip"/>); the code under test never shells out.
/// </summary>
internal sealed partial class TestNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int _counter;

    public TestNamespace()
    {
        if (Environment.UserName != "root" && geteuid() != 0)
        {
            Assert.Fail("these tests create network namespaces: run them as root (tests/run-all.sh does)");
        }
        Name = $"bgpt{Environment.ProcessId % 100000}x{Interlocked.Increment(ref _counter)}";
        Run("ip", "netns", "add", Name);
        Ip("link set lo up");
    }

    public string Name { get; }

    /// <summary>Runs <c>ip ARGS</c> inside the namespace; fails the test with ip's message when it fails.</summary>
    public string Ip(string arguments) => Run("ip", ["-n", Name, .. arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    /// <summary>Runs a command inside the namespace (<c>ip netns exec</c>).</summary>
    public string Exec(params string[] command) => Run("ip", ["netns", "exec", Name, .. command]);

    /// <summary>Runs <paramref name="action"/> on a thread that has joined this namespace.</summary>
    public T Enter<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {Name} failed: errno {Marshal.GetLastPInvokeError()}");
                }
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException($"in namespace {Name}: {failure.Message}", failure);
        }
        return result;
    }

    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
        return output.Result;
    }

    public void Dispose()
    {
        var start = new ProcessStartInfo("ip", ["netns", "delete", Name]) { RedirectStandardError = true };
        using var process = Process.Start(start);
        process?.WaitForExit();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
