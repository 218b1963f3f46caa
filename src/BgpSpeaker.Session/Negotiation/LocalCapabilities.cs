using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Session.Negotiation;

/// <summary>Builds the capabilities and the OPEN we send from <see cref="PeerSettings"/>.</summary>
public static class LocalCapabilities
{
    public static IReadOnlyList<Capability> Build(PeerSettings settings)
    {
        var c = settings.Capabilities;
        var list = new List<Capability>();
        list.AddRange(c.Families.Select(f => new MultiprotocolCapability(f)));
        if (c.RouteRefresh)
        {
            list.Add(new RouteRefreshCapability());
            if (c.EnhancedRouteRefresh)
            {
                list.Add(new EnhancedRouteRefreshCapability());
            }
        }
        // RFC 6793 §3: always advertised, so a 4-octet AS peer sees our real AS.
        list.Add(new FourOctetAsCapability(settings.LocalAs));
        if (c.ExtendedMessage)
        {
            list.Add(new ExtendedMessageCapability());
        }
        if (c.ExtendedNextHop)
        {
            list.Add(new ExtendedNextHopCapability([new ExtendedNextHopEntry(AfiSafi.Ipv4Unicast, Afi.Ipv6)]));
        }
        if (c.AddPath.Count > 0)
        {
            list.Add(new AddPathCapability(c.AddPath));
        }
        if (c.HostName is { } host)
        {
            list.Add(new FqdnCapability(host, c.DomainName));
        }
        list.AddRange(c.Additional);
        return list;
    }

    public static OpenMessage BuildOpen(PeerSettings settings) =>
        OpenMessage.Create(settings.LocalAs, settings.HoldTime.Seconds, settings.LocalRouterId, Build(settings));
}
