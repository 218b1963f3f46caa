using System.Globalization;
using System.Net;

namespace BgpSpeaker.Platform.Linux.Icmpv6.Discovery;

/// <summary>
/// Router Discovery on one fabric interface, without sockets or clocks: every input carries the current
/// time (monotonic, any origin) and returns what to send and what to report. The driver calls
/// <see cref="Tick"/> at <see cref="NextDeadline"/>; every input also runs whatever work is due.
/// <para>
/// Nothing is sent until the link is up and our link-local is usable (not tentative). Then: an RA at
/// once and a couple more a second apart, one every <see cref="RouterDiscoveryOptions.AdvertisementInterval"/>
/// after; an RS at once (retried until an RA is heard) while no peer is known. The first RA from a new
/// peer is answered at once, since FRR never sends an RS: that RA is the moment it starts listening.
/// </para>
/// </summary>
public sealed partial class RouterDiscovery
{
    private enum AddressStatus
    {
        Missing,
        Tentative,
        Usable,
    }

    private readonly RouterDiscoveryOptions _options;
    private readonly List<(IPAddress Address, TimeSpan LastHeard)> _otherRouters = [];
    private bool _linkUp;
    private AddressStatus _address;
    private IPAddress? _peer;
    private TimeSpan _peerLastHeard;
    private bool _peerStale;
    private TimeSpan _sendingSince;
    private bool _silenceNoticed;
    private string _description;

    public RouterDiscovery(FabricInterface fabricInterface, RouterDiscoveryOptions? options = null)
    {
        _options = options ?? new RouterDiscoveryOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        Interface = fabricInterface;
        _description = Describe();
    }

    public FabricInterface Interface { get; }

    /// <summary>Our link-local address on the interface (tentative or usable), unscoped; null when none.</summary>
    public IPAddress? LinkLocal { get; private set; }

    /// <summary>The router we peer with on this link, unscoped; null when none is known.</summary>
    public IPAddress? Peer => _peer;

    /// <summary>Routers heard besides <see cref="Peer"/> within the stale time, first heard first.</summary>
    public IReadOnlyList<IPAddress> OtherRouters => _otherRouters.ConvertAll(o => o.Address);

    private bool CanSend => _linkUp && _address == AddressStatus.Usable;

    public DiscoveryState State =>
        !_linkUp ? DiscoveryState.LinkDown
        : _address == AddressStatus.Missing ? DiscoveryState.NoAddress
        : _address == AddressStatus.Tentative ? DiscoveryState.AddressTentative
        : _peer is null ? (_silenceNoticed ? DiscoveryState.NoRouterAdvertisement : DiscoveryState.Discovering)
        : _otherRouters.Count > 0 ? DiscoveryState.SeveralRouters
        : _peerStale ? DiscoveryState.PeerStale
        : DiscoveryState.PeerKnown;

    /// <summary>The state in plain words for the CLI and log, e.g. "eth1: no Router Advertisement seen for 30 s".</summary>
    public string Describe() => State switch
    {
        DiscoveryState.LinkDown => $"{Interface}: link down",
        DiscoveryState.NoAddress => $"{Interface}: no IPv6 link-local address",
        DiscoveryState.AddressTentative => $"{Interface}: address tentative",
        DiscoveryState.Discovering => $"{Interface}: waiting for a Router Advertisement",
        DiscoveryState.NoRouterAdvertisement => $"{Interface}: no Router Advertisement seen for {Seconds(_options.StaleAfter)}",
        DiscoveryState.PeerStale => $"{Interface}: no Router Advertisement seen for {Seconds(_options.StaleAfter)} (peer {_peer} kept)",
        DiscoveryState.SeveralRouters => SeveralRoutersDescription(),
        _ => $"{Interface}: peer {_peer}",
    };

    public DiscoveryStep LinkUp(TimeSpan now)
    {
        Begin();
        if (!_linkUp)
        {
            _linkUp = true;
            if (CanSend)
            {
                BeginSending(now);
            }
        }
        return Finish(now);
    }

    /// <summary>The link went down: the peer is forgotten at once (its session should stop now).</summary>
    public DiscoveryStep LinkDown(TimeSpan now)
    {
        Begin();
        if (_linkUp)
        {
            Forget("link down");
            _linkUp = false;
        }
        return Finish(now);
    }

    /// <summary>The interface is gone; the machine can be dropped after this step.</summary>
    public DiscoveryStep Removed(TimeSpan now)
    {
        Begin();
        Forget("interface removed");
        _linkUp = false;
        _address = AddressStatus.Missing;
        LinkLocal = null;
        return Finish(now);
    }

    /// <summary>Our link-local is in duplicate address detection (IFA_F_TENTATIVE): stop sending until it is usable.</summary>
    public DiscoveryStep AddressTentative(IPAddress linkLocal, TimeSpan now)
    {
        Begin();
        LinkLocal = Unscoped(linkLocal);
        _address = AddressStatus.Tentative;
        StopSending();
        return Finish(now);
    }

    public DiscoveryStep AddressUsable(IPAddress linkLocal, TimeSpan now)
    {
        Begin();
        bool couldSend = CanSend;
        var previous = LinkLocal;
        LinkLocal = Unscoped(linkLocal);
        _address = AddressStatus.Usable;
        // A new address starts over too: the peer must hear the address it will connect to.
        if (CanSend && (!couldSend || !LinkLocal.Equals(previous)))
        {
            BeginSending(now);
        }
        return Finish(now);
    }

    public DiscoveryStep AddressRemoved(IPAddress linkLocal, TimeSpan now)
    {
        Begin();
        if (Unscoped(linkLocal).Equals(LinkLocal))
        {
            LinkLocal = null;
            _address = AddressStatus.Missing;
            StopSending();
        }
        return Finish(now);
    }

    public DiscoveryStep RouterAdvertisementReceived(IPAddress source, TimeSpan now)
    {
        Begin();
        source = Unscoped(source);
        if (_linkUp && IsSomeoneElse(source))
        {
            _nextSolicitation = null; // a router answered: no more RSs
            HeardFrom(source, now, PeerSource.RouterAdvertisement);
        }
        return Finish(now);
    }

    public DiscoveryStep RouterSolicitationReceived(IPAddress source, TimeSpan now)
    {
        Begin();
        if (!Unscoped(source).Equals(LinkLocal))
        {
            AnswerPromptly(now);
        }
        return Finish(now);
    }

    /// <summary>A BGP connection arrived from <paramref name="source"/> on this interface: another way to learn the peer.</summary>
    public DiscoveryStep IncomingConnection(IPAddress source, TimeSpan now)
    {
        Begin();
        source = Unscoped(source);
        if (_linkUp && IsSomeoneElse(source))
        {
            HeardFrom(source, now, PeerSource.IncomingConnection);
        }
        return Finish(now);
    }

    /// <summary>Runs what is due at <paramref name="now"/>: scheduled RAs and RSs, staleness.</summary>
    public DiscoveryStep Tick(TimeSpan now)
    {
        Begin();
        return Finish(now);
    }

    internal static string Seconds(TimeSpan time) =>
        $"{time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    private bool IsSomeoneElse(IPAddress source) => source.IsIPv6LinkLocal && !source.Equals(LinkLocal);

    private static IPAddress Unscoped(IPAddress address) =>
        address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());

    private string SeveralRoutersDescription()
    {
        var all = string.Join(", ", [_peer!.ToString(), .. _otherRouters.Select(o => o.Address.ToString())]);
        return _otherRouters.Count == 1
            ? $"{Interface}: two routers answer ({all})"
            : $"{Interface}: {_otherRouters.Count + 1} routers answer ({all})";
    }
}
