using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.Ingest.Receivers;

/// <summary>bgpspeaker, as shipped (the native binary) or as a framework-dependent dll; with <paramref name="fib"/> it installs what it learns in the kernel.</summary>
internal sealed class BgpSpeakerReceiver(string daemon, string workDirectory, int port, bool fib = false) : Receiver("bgpspeaker", workDirectory, port)
{
    public override byte KernelProtocol => 201;

    private string SocketPath => Path.Combine(Directory, "control.sock");

    protected override IEnumerable<string> Command()
    {
        string config = Path.Combine(Directory, "bgpspeaker.yaml");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            asn: {Lab.ReceiverAs}
            routerId: {Lab.Receiver}
            listen:
              port: {EndPoint.Port}
              addresses: ["{Lab.Receiver}"]
            timers:
              holdTime: 240
            {(fib ? "fib: { install: true }" : "")}
            neighbors:
              - address: {Lab.Feeder}
                remoteAs: {Lab.FeederAs}
                passive: true
                description: feeder
                import: accept
                export: reject
              - address: {Lab.Sink}
                remoteAs: {Lab.SinkAs}
                passive: true
                description: sink
                import: reject
                export: accept
            """));
        string[] arguments = ["run", "--config", config, "--socket", SocketPath];
        return daemon.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", daemon, .. arguments] : [daemon, .. arguments];
    }

    public override async Task<int> TableSizeAsync()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync("summary\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var json = JsonDocument.Parse(await reader.ReadToEndAsync());
        return json.RootElement.GetProperty("locRibIpv4").GetInt32();
    }
}
