using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace BgpSpeaker.Ingest.Receivers;

/// <summary>
/// FRR from Debian as a node runs it: zebra (the kernel FIB) and bgpd, default settings but the one line
/// eBGP needs to accept routes without a policy. Only the feeder is configured: the FIB benchmark has no sink.
/// zebra runs in the background (its pid file); bgpd is the process the base class starts and times.
/// </summary>
internal sealed class FrrReceiver(string workDirectory, int port) : Receiver("frr", workDirectory, port)
{
    private const string FrrDirectory = "/usr/lib/frr";

    public override byte KernelProtocol => 186; // "bgp" in /etc/iproute2/rt_protos: zebra marks BGP's routes so

    public override double CpuSeconds => base.CpuSeconds + (ZebraPid() is { } zebra ? CpuSecondsOf(zebra) : 0);

    protected override IEnumerable<string> Command()
    {
        File.WriteAllText(Path.Combine(Directory, "zebra.conf"), "! defaults\n");
        File.WriteAllText(Path.Combine(Directory, "bgpd.conf"), string.Create(CultureInfo.InvariantCulture, $"""
            frr defaults traditional
            hostname receiver
            router bgp {Lab.ReceiverAs}
             bgp router-id {Lab.Receiver}
             no bgp ebgp-requires-policy
             neighbor {Lab.Feeder} remote-as {Lab.FeederAs}
             neighbor {Lab.Feeder} passive
             neighbor {Lab.Feeder} timers 80 240
            exit
            """));
        string common = $"-u root -g frrvty -z {Directory}/zserv.api --vty_socket {Directory} -P 0";
        string script = $"{FrrDirectory}/zebra -d {common} -f {Directory}/zebra.conf -i {Directory}/zebra.pid --log file:{Directory}/zebra.log"
            + $" && while [ ! -S {Directory}/zserv.api ]; do sleep 0.05; done"
            + $" && exec {FrrDirectory}/bgpd {common} -f {Directory}/bgpd.conf -i {Directory}/bgpd.pid -p {EndPoint.Port} -l {Lab.Receiver} --log file:{Directory}/bgpd.log";
        return ["sh", "-c", script];
    }

    /// <summary>The feeder's accepted-prefix count from `show bgp summary json` (vtysh); used only to see bgpd is up.</summary>
    public override async Task<int> TableSizeAsync()
    {
        var start = new ProcessStartInfo("vtysh", ["--vty_socket", Directory, "-c", "show bgp ipv4 unicast summary json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var vtysh = Process.Start(start) ?? throw new IOException("cannot start vtysh");
        string output = await vtysh.StandardOutput.ReadToEndAsync();
        await vtysh.WaitForExitAsync();
        if (vtysh.ExitCode != 0 || !output.TrimStart().StartsWith('{'))
        {
            throw new IOException($"vtysh: {output.Trim()}");
        }
        using var json = JsonDocument.Parse(output);
        return json.RootElement.TryGetProperty("peers", out var peers) && peers.TryGetProperty(Lab.Feeder.ToString(), out var feeder)
            && feeder.TryGetProperty("pfxRcd", out var received) ? received.GetInt32() : 0;
    }

    /// <summary>zebra outlives bgpd: stop it (it removes its routes from the kernel as it exits).</summary>
    protected override async Task StoppedAsync()
    {
        if (ZebraPid() is not { } pid)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (File.Exists($"/proc/{pid}/stat") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private int? ZebraPid()
    {
        string file = Path.Combine(Directory, "zebra.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out int pid) && File.Exists($"/proc/{pid}/stat") ? pid : null;
    }
}
