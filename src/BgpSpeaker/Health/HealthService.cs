using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Health;

/// <summary>One health-gated network: its probes' states and whether it is announced as healthy now.</summary>
internal sealed class NetworkHealth(NetworkConfig network, IReadOnlyList<(ProbeRunner Runner, ProbeState State)> probes)
{
    public NetworkConfig Network { get; } = network;

    public HealthConfig Health => Network.Health!;

    public IReadOnlyList<(ProbeRunner Runner, ProbeState State)> Probes { get; } = probes;

    /// <summary>Every probe up and enough fabric sessions: announced as configured; otherwise the failure action applies.</summary>
    public bool Healthy { get; set; }

    /// <summary>The prefix is in the table: healthy, or unhealthy with a failure action that marks rather than withdraws.</summary>
    public bool Announced => Healthy || Health.OnFailure.Kind != FailureKind.Withdraw;

    /// <summary>Fabric sessions Established at the last check.</summary>
    public int FabricSessions { get; set; }

    public string Why() => Probes.Count == 0 && Health.MinFabricSessions == 0 ? "no probe"
        : string.Join("; ", Probes.Select(p => $"{p.Runner.Probe.Describe()}: {p.State.Verdict.ToString().ToLowerInvariant()}, {p.State.LastResult}")
            .Append(Health.MinFabricSessions > 0 ? $"{FabricSessions} of at least {Health.MinFabricSessions} fabric session(s) Established" : null)
            .OfType<string>());
}

/// <summary>
/// Runs every gated network's probes on its own timer and tells the routing loop when a network turns
/// healthy or unhealthy. Probes of one network run one after the other, each bounded by its timeout
/// (never longer than the interval), so a hanging target delays nothing else.
/// </summary>
internal sealed class HealthService : IAsyncDisposable
{
    private readonly Func<int> _fabricSessionsUp;
    private readonly Func<Prefix, bool, CancellationToken, ValueTask> _announce;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private HealthService(IReadOnlyList<NetworkHealth> networks, Func<int> fabricSessionsUp, Func<Prefix, bool, CancellationToken, ValueTask> announce, ILogger logger, TimeProvider time)
    {
        (Networks, _fabricSessionsUp, _announce, _logger, _time) = (networks, fabricSessionsUp, announce, logger, time);
    }

    public IReadOnlyList<NetworkHealth> Networks { get; }

    /// <param name="announce">Hands the routing loop a network's new state: prefix, healthy.</param>
    public static HealthService Start(IEnumerable<NetworkConfig> networks, Func<int> fabricSessionsUp, Func<Prefix, bool, CancellationToken, ValueTask> announce,
        ILogger logger, TimeProvider time)
    {
        var gated = networks.Where(n => n.Health is not null)
            .Select(n => new NetworkHealth(n, [.. n.Health!.Probes.Select(p => (new ProbeRunner(p), new ProbeState(n.Health.Rise, n.Health.Fall)))]))
            .ToList();
        var service = new HealthService(gated, fabricSessionsUp, announce, logger, time);
        foreach (var network in gated)
        {
            service._loops.Add(Task.Run(() => service.WatchAsync(network, service._stop.Token)));
        }
        return service;
    }

    private async Task WatchAsync(NetworkHealth network, CancellationToken cancellationToken)
    {
        string prefix = network.Network.Prefix.ToString();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var (runner, state) in network.Probes)
                {
                    var (ok, result) = await runner.RunAsync(network.Health.Timeout, cancellationToken).ConfigureAwait(false);
                    if (state.Record(ok, result, _time.GetUtcNow()))
                    {
                        HealthLog.ProbeChanged(_logger, prefix, runner.Probe.Describe(), state.Verdict.ToString().ToLowerInvariant(), result);
                    }
                }
                network.FabricSessions = _fabricSessionsUp();
                bool healthy = network.Probes.All(p => p.State.Verdict == ProbeVerdict.Up) && network.FabricSessions >= network.Health.MinFabricSessions;
                if (healthy != network.Healthy)
                {
                    network.Healthy = healthy;
                    if (healthy)
                    {
                        HealthLog.Healthy(_logger, prefix, network.Why());
                    }
                    else
                    {
                        HealthLog.Unhealthy(_logger, prefix, network.Health.OnFailure.ToString(), network.Why());
                    }
                    await _announce(network.Network.Prefix, healthy, cancellationToken).ConfigureAwait(false);
                }
                await Task.Delay(network.Health.Interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        foreach (var (runner, _) in Networks.SelectMany(n => n.Probes))
        {
            runner.Dispose();
        }
        _stop.Dispose();
    }
}
