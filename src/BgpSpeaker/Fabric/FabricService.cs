using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using BgpSpeaker.Configuration;
using BgpSpeaker.Daemon;
using BgpSpeaker.Platform.Linux.Icmpv6;
using BgpSpeaker.Platform.Linux.Icmpv6.Discovery;
using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Fabric;

/// <summary>
/// Unnumbered peering: watches links and addresses over rtnetlink, runs router discovery (RAs and RSs)
/// on every fabric interface, and drives one session per interface — started once the leaf's
/// link-local address is known, dropped at once when the link goes down, restarted on a new address.
/// One task handles every event in order, so the ports need no lock.
/// </summary>
internal sealed class FabricService : IAsyncDisposable
{
    private readonly FabricConfig _config;
    private readonly Func<int, string, Task<Peer>> _createPeer;
    private readonly Action _linkChanged;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, FabricPort> _ports = new();
    private readonly CancellationTokenSource _stop = new();
    private LinkMonitor? _links;
    private RouterDiscoveryDriver? _discovery;
    private Task _loop = Task.CompletedTask;

    /// <param name="createPeer">Makes (and registers) the session for a new fabric interface: index, name.</param>
    /// <param name="linkChanged">A fabric link came up or went down (the FIB reconciles with the kernel).</param>
    public FabricService(FabricConfig config, Func<int, string, Task<Peer>> createPeer, Action linkChanged, ILogger logger)
    {
        (_config, _createPeer, _linkChanged, _logger) = (config, createPeer, linkChanged, logger);
    }

    public IEnumerable<FabricPort> Ports => _ports.Values.OrderBy(p => p.Name, StringComparer.Ordinal);

    public RouterDiscoveryDriver? Discovery => _discovery;

    public LinkMonitor? Links => _links;

    public void Start()
    {
        _links = LinkMonitor.Open();
        try
        {
            _discovery = RouterDiscoveryDriver.Start(new RouterDiscoveryOptions
            {
                AdvertisementInterval = _config.RouterAdvertisements.Interval,
                RouterLifetimeSeconds = (ushort)_config.RouterAdvertisements.Lifetime.TotalSeconds,
            });
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new IOException($"cannot open the ICMPv6 socket for router discovery on the fabric: {e.Message}", e);
        }
        _links.Start();
        FabricLog.Started(_logger, _config.Interfaces, "names or patterns; sessions start as leaves are learned");
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The port a link-local source address arrived on, for an inbound connection; learns the leaf from it when no RA did yet.</summary>
    public Peer? InboundPeer(IPAddress source)
    {
        if (!source.IsIPv6LinkLocal || !_ports.TryGetValue((int)source.ScopeId, out var port))
        {
            return null;
        }
        if (port.Remote is null && port.LinkUsable)
        {
            // The leaf heard our RA before we heard its: take its connection now (a start is handled
            // before the connection, so the session accepts it) rather than refuse it and wait for its
            // connect retry; router discovery learns the leaf from it.
            _discovery?.IncomingConnection(port.Index, new IPAddress(source.GetAddressBytes()));
            port.Peer.Runner.StartSession();
        }
        return port.Peer;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var links = _links!.Events;
        var discovery = _discovery!.Events;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                while (links.TryRead(out var link))
                {
                    await OnLinkEventAsync(link).ConfigureAwait(false);
                }
                while (discovery.TryRead(out var found))
                {
                    OnDiscovery(found);
                }
                ReportDroppedPackets();
                var linkReady = links.WaitToReadAsync(cancellationToken).AsTask();
                var discoveryReady = discovery.WaitToReadAsync(cancellationToken).AsTask();
                await Task.WhenAny(linkReady, discoveryReady, Task.Delay(ReportInterval, cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);
    private long _droppedReported;
    private DateTime _droppedReportedAt = DateTime.MinValue;

    /// <summary>Malformed RAs/RSs and ones with a hop limit other than 255: counted always, logged at most every 10 s.</summary>
    private void ReportDroppedPackets()
    {
        var counters = _discovery!.Counters;
        long dropped = counters.MalformedDropped + counters.WrongHopLimitDropped;
        if (dropped == _droppedReported || DateTime.UtcNow - _droppedReportedAt < ReportInterval)
        {
            return;
        }
        FabricLog.Problem(_logger, $"dropped {dropped - _droppedReported} malformed Router Advertisement/Solicitation packet(s) or ones not sent with hop limit 255 (RFC 4861), e.g. {_discovery.LastMalformed ?? "a wrong hop limit"}");
        (_droppedReported, _droppedReportedAt) = (dropped, DateTime.UtcNow);
    }

    private async Task OnLinkEventAsync(LinkEvent e)
    {
        switch (e)
        {
            case LinkState link when _config.Matches(link.Name):
                await OnLinkAsync(link).ConfigureAwait(false);
                break;
            case AddressState { IsIpv6LinkLocal: true } address when _ports.TryGetValue(address.InterfaceIndex, out var port):
                OnLinkLocal(port, address);
                break;
            case LinkSnapshotComplete { AfterOverrun: false }:
                foreach (var name in _config.Interfaces.Where(n => !InterfacePattern.IsPattern(n) && _ports.Values.All(p => p.Name != n)))
                {
                    FabricLog.Missing(_logger, name);
                }
                break;
        }
    }

    private async Task OnLinkAsync(LinkState link)
    {
        if (!_ports.TryGetValue(link.Index, out var port))
        {
            if (link.Removed)
            {
                return;
            }
            port = new FabricPort(link.Index, link.Name, await _createPeer(link.Index, link.Name).ConfigureAwait(false));
            port.Peer.Port = port;
            _ports[link.Index] = port;
            _discovery!.AddInterface(new FabricInterface(link.Index, link.Name));
        }
        if (link.Removed)
        {
            Down(port, $"{port.Name}: interface removed");
            _discovery!.RemoveInterface(port.Index);
            return;
        }
        if (link.IsUsable == port.LinkUsable)
        {
            return;
        }
        port.LinkUsable = link.IsUsable;
        _linkChanged();
        if (link.IsUsable)
        {
            Describe(port, $"{port.Name}: link up, looking for the leaf (Router Solicitation sent)");
            _discovery!.LinkUp(port.Index);
        }
        else
        {
            _discovery!.LinkDown(port.Index);
            Down(port, $"{port.Name}: link down");
        }
    }

    private void OnLinkLocal(FabricPort port, AddressState address)
    {
        var linkLocal = IpAddresses.FromBits(Afi.Ipv6, address.Address);
        if (address.Removed)
        {
            _discovery!.AddressRemoved(port.Index, linkLocal);
        }
        else if (address.Tentative)
        {
            Describe(port, $"{port.Name}: address tentative ({linkLocal}, duplicate address detection)");
            _discovery!.AddressTentative(port.Index, linkLocal);
        }
        else if (address.IsUsable)
        {
            _discovery!.AddressUsable(port.Index, linkLocal);
        }
    }

    private void OnDiscovery(RouterDiscoveryEvent e)
    {
        if (!_ports.TryGetValue(e.Interface.Index, out var port))
        {
            return;
        }
        switch (e)
        {
            case PeerLearned learned:
                port.Remote = new IPAddress(learned.Peer.GetAddressBytes(), port.Index);
                Describe(port, e.Describe());
                port.Peer.Runner.StartSession();
                break;
            case PeerChanged changed:
                port.Remote = new IPAddress(changed.Current.GetAddressBytes(), port.Index);
                Describe(port, e.Describe());
                if (!EstablishedWith(port, changed.Current))
                {
                    // The session (if any) still runs to the old address: only this one restarts.
                    port.Peer.Runner.LinkDown($"the leaf's address changed from {changed.Previous} to {changed.Current}");
                    port.Peer.Runner.StartSession();
                }
                break;
            case PeerLost when !port.LinkUsable:
                port.Remote = null; // the link-down that caused it was said and acted on
                break;
            case PeerLost:
                Down(port, e.Describe());
                break;
            case SecondRouter or PeerStale:
                FabricLog.Problem(_logger, e.Describe());
                port.State = e.Describe();
                break;
            case DiscoveryStateChanged { State: DiscoveryState.PeerKnown }:
                port.State = e.Describe(); // PeerLearned or PeerChanged said it already
                break;
            default:
                Describe(port, e.Describe());
                break;
        }
    }

    /// <summary>The leaf already reached us from its new address (its own connection), so the session it runs is the right one.</summary>
    private static bool EstablishedWith(FabricPort port, IPAddress address) =>
        port.Peer.Runner.Negotiated is not null && IPEndPoint.TryParse(port.Peer.Runner.RemoteEndPoint ?? "", out var remote)
        && remote.Address.GetAddressBytes().AsSpan().SequenceEqual(address.GetAddressBytes());

    private void Down(FabricPort port, string why)
    {
        port.Remote = null;
        port.Peer.Runner.LinkDown(why);
        Describe(port, why);
    }

    private void Describe(FabricPort port, string state)
    {
        if (port.State != state)
        {
            port.State = state;
            FabricLog.State(_logger, state);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _links?.Dispose();
        if (_discovery is not null)
        {
            await _discovery.DisposeAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
    }
}
