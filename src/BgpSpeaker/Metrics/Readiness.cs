using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon.State;
using BgpSpeaker.Session.Fsm;

namespace BgpSpeaker.Metrics;

/// <summary>
/// What /readyz says: ready once started, with at least one fabric session Established (any session
/// when there is no fabric and neighbors are configured) and the FIB in sync with the kernel. A reason
/// in words otherwise, e.g. "no fabric session Established (up1: link down; up2: address tentative)".
/// </summary>
internal static class Readiness
{
    public static (bool Ready, string Why) Evaluate(SpeakerConfig config, bool started, RoutingSnapshot snapshot, Fabric.FibService? fib)
    {
        if (!started)
        {
            return (false, "starting");
        }
        if (config.Fabric is not null)
        {
            if (snapshot.FabricSessionsEstablished == 0)
            {
                var fabric = snapshot.Neighbors.Where(n => n.Peer.IsFabric).ToList();
                string ports = fabric.Count == 0 ? "no fabric interface found" : string.Join("; ", fabric.Select(n => n.Peer.Port?.State ?? n.Peer.Name));
                return (false, $"no fabric session Established ({ports})");
            }
        }
        else if (config.Neighbors.Count > 0 && !snapshot.Neighbors.Any(n => n.Peer.Runner.Fsm.State == SessionState.Established))
        {
            return (false, "no session Established");
        }
        if (fib is { InSync: false })
        {
            return (false, $"the kernel FIB is not in sync ({fib.Pending} change(s) pending, {fib.Counters.Failures} failed write(s) so far)");
        }
        return (true, "ready");
    }
}
