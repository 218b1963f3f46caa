using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BgpSpeaker.Ingest.Receivers;

/// <summary>
/// bgpspeaker, as shipped (the native binary) or as a framework-dependent dll; with <paramref name="fib"/> it
/// installs what it learns in the kernel, with <paramref name="ipv6"/> both sessions carry IPv6 unicast too
/// (its next hop to the sink is then the global IPv6 address of the veth, the session being IPv4).
/// </summary>
internal sealed class BgpSpeakerReceiver(string daemon, string workDirectory, int port, bool fib, bool ipv6) : Receiver("bgpspeaker", workDirectory, port)
{
    public override byte KernelProtocol => 201;

    private string SocketPath => Path.Combine(Directory, "control.sock");

    protected override IEnumerable<string> Command()
    {
        string config = Path.Combine(Directory, "bgpspeaker.yaml");
        string families = ipv6 ? "families: [ipv4-unicast, ipv6-unicast]" : "";
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
                {families}
              - address: {Lab.Sink}
                remoteAs: {Lab.SinkAs}
                passive: true
                description: sink
                import: reject
                export: accept
                {families}
            """));
        string[] arguments = ["run", "--config", config, "--socket", SocketPath];
        return daemon.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", daemon, .. arguments] : [daemon, .. arguments];
    }

    /// <summary>The Loc-RIB's IPv4 and IPv6 counts from `summary` over the control socket.</summary>
    public override async Task<int> TableSizeAsync()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync("summary\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var json = JsonDocument.Parse(await reader.ReadToEndAsync());
        return json.RootElement.GetProperty("locRibIpv4").GetInt32() + json.RootElement.GetProperty("locRibIpv6").GetInt32();
    }
}
