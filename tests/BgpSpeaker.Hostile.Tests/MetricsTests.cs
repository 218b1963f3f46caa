using System.Net;
using System.Net.Sockets;
using System.Text;
using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// The Prometheus endpoint of the shared daemon: a session's state, prefixes, messages and the
/// NOTIFICATION that ended it, by code and subcode; the probes; and an HTTP client that misbehaves.
/// </summary>
public sealed class MetricsTests(DaemonFixture fixture) : HostileTest(fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private Uri Url(string path) => new($"http://127.0.0.1:{Fixture.MetricsPort}{path}");

    private async Task<string> MetricsAsync()
    {
        using var response = await Http.GetAsync(Url("/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Labels(HostileSlot slot) => $"peer=\"{slot.Name}\",interface=\"\",peer_as=\"{Raw.HostileAs}\"";

    private async Task UntilMetricAsync(string line) =>
        await Wait.UntilAsync(async () => (await MetricsAsync()).Split('\n').Contains(line), Wait.Default, $"the metric line '{line}'",
            () => $"{Daemon.Log}\n--- /metrics\n{MetricsAsync().GetAwaiter().GetResult()}");

    [Fact]
    public async Task ASessionItsPrefixesMessagesAndTheNotificationThatEndedItAreCounted()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Announce(slot.Subject));
        await ProbeAsync(slot, peer);
        string labels = Labels(slot);
        await UntilMetricAsync($"bgpspeaker_neighbor_up{{{labels}}} 1");
        var metrics = (await MetricsAsync()).Split('\n');
        Assert.Contains($"bgpspeaker_neighbor_state{{{labels}}} 6", metrics);
        Assert.Contains($"bgpspeaker_neighbor_prefixes_accepted{{{labels},afi=\"ipv4\",safi=\"unicast\"}} 2", metrics);
        Assert.Contains($"bgpspeaker_neighbor_announcements_received_total{{{labels}}} 2", metrics);
        Assert.Contains($"bgpspeaker_neighbor_messages_received_total{{{labels},type=\"update\"}} 2", metrics);
        Assert.Contains($"bgpspeaker_neighbor_messages_received_total{{{labels},type=\"open\"}} 1", metrics);
        Assert.Contains(metrics, l => l.StartsWith("process_cpu_seconds_total ", StringComparison.Ordinal));

        await peer.SendAsync(new NotificationMessage(ErrorCode.Cease, 2, []));
        await UntilMetricAsync($"bgpspeaker_neighbor_up{{{labels}}} 0");
        metrics = (await MetricsAsync()).Split('\n');
        Assert.Contains($"bgpspeaker_neighbor_notifications_received_total{{{labels},code=\"6\",subcode=\"2\"}} 1", metrics);
        Assert.Contains($"bgpspeaker_neighbor_flaps_total{{{labels}}} 1", metrics);
        Assert.Contains($"bgpspeaker_neighbor_prefixes_accepted{{{labels},afi=\"ipv4\",safi=\"unicast\"}} 0", metrics);
        Assert.Contains(metrics, l => l.StartsWith($"bgpspeaker_neighbor_last_down_timestamp_seconds{{{labels},reason=\"NotificationReceived\"}} ", StringComparison.Ordinal));
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task TheProbesAnswerReadyWhileTheGoodPeerIsUp()
    {
        using var health = await Http.GetAsync(Url("/healthz"));
        Assert.Equal((HttpStatusCode.OK, "ok\n"), (health.StatusCode, await health.Content.ReadAsStringAsync()));
        using var ready = await Http.GetAsync(Url("/readyz"));
        Assert.Equal((HttpStatusCode.OK, "ready\n"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
        using var missing = await Http.GetAsync(Url("/nothing"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 ")]
    [InlineData("GARBAGE\r\n\r\n", "HTTP/1.1 400 ")]
    [InlineData("GET metrics HTTP/1.1\r\n\r\n", "HTTP/1.1 400 ")]
    public async Task AClientThatSpeaksBadHttpGetsAnErrorAndTheEndpointKeepsAnswering(string request, string expected)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Fixture.MetricsPort));
        await client.SendAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        int read = await client.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith(expected, Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Contains("bgpspeaker_build_info", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHugeRequestHeadIsRefusedWithoutHarm()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Fixture.MetricsPort));
        string answer;
        try
        {
            await client.SendAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nX: " + new string('a', 20_000) + "\r\n\r\n"));
            var buffer = new byte[4096];
            int read = await client.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
            answer = Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            answer = "reset"; // closed with our excess bytes unread: the kernel resets rather than delivers the 400
        }
        Assert.True(answer.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal) || answer == "reset", $"expected 400 or a reset, got: {answer}");
        Assert.Contains("bgpspeaker_build_info", await MetricsAsync(), StringComparison.Ordinal);
        await AssertUnharmedAsync();
    }
}
