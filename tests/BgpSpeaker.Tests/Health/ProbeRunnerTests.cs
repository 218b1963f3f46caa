using System.Net;
using System.Net.Sockets;
using System.Text;
using BgpSpeaker.Configuration;
using BgpSpeaker.Health;

namespace BgpSpeaker.Tests.Health;

/// <summary>Each probe kind against something real on loopback: a tiny HTTP server whose answer the test sets, a closed port, a file.</summary>
public sealed class ProbeRunnerTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private readonly TcpListener _server = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private volatile int _status = 200;
    private volatile bool _hang;

    public ProbeRunnerTests()
    {
        _server.Start();
        _serving = Task.Run(ServeAsync);
    }

    private Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_server.LocalEndpoint).Port}/readyz");

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var client = await _server.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        _ = await stream.ReadAsync(buffer, _stop.Token); // the request head fits in one read; its content does not matter
                        if (_hang)
                        {
                            await Task.Delay(System.Threading.Timeout.Infinite, _stop.Token);
                        }
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {_status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task AnHttpProbePassesOnTheExpectedStatusOnly()
    {
        using var probe = new ProbeRunner(new HttpProbe(Url, 200, null, false));
        Assert.Equal((true, "200"), await probe.RunAsync(Timeout, CancellationToken.None));
        _status = 503;
        Assert.Equal((false, "503"), await probe.RunAsync(Timeout, CancellationToken.None));
    }

    [Fact]
    public async Task AnHttpTargetThatHangsFailsAtTheTimeout()
    {
        _hang = true;
        using var probe = new ProbeRunner(new HttpProbe(Url, 200, null, false));
        var started = DateTime.UtcNow;
        Assert.Equal((false, "timed out after 1 s"), await probe.RunAsync(Timeout, CancellationToken.None));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ATcpProbeFailsOnAClosedPortAndPassesOnAnOpenOne()
    {
        using var open = new ProbeRunner(new TcpProbe((IPEndPoint)_server.LocalEndpoint));
        Assert.Equal((true, "connected"), await open.RunAsync(Timeout, CancellationToken.None));
        using var closed = new ProbeRunner(new TcpProbe(new IPEndPoint(IPAddress.Loopback, 1)));
        var (ok, result) = await closed.RunAsync(Timeout, CancellationToken.None);
        Assert.False(ok);
        Assert.Contains("refused", result, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AFileProbeIsAMaintenanceSwitch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bgps-maintenance-{Guid.NewGuid():N}");
        using var absent = new ProbeRunner(new FileProbe(path, MustExist: false));
        Assert.Equal((true, "absent"), await absent.RunAsync(Timeout, CancellationToken.None));
        await File.WriteAllTextAsync(path, "");
        try
        {
            Assert.Equal((false, "present (maintenance)"), await absent.RunAsync(Timeout, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AnHttpsProbeWithAnUnreadableCaFileSaysSo()
    {
        using var probe = new ProbeRunner(new HttpProbe(new Uri("https://127.0.0.1:1/"), 200, "/nonexistent/ca.pem", false));
        var (ok, result) = await probe.RunAsync(Timeout, CancellationToken.None);
        Assert.False(ok);
        Assert.StartsWith("ca /nonexistent/ca.pem: ", result, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Stop();
        await _serving;
        _stop.Dispose();
    }
}
