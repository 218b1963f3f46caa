using BgpSpeaker.Platform.Linux.Sockets;
using System.Net;
using BgpSpeaker.Configuration;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Transport;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>Turns a neighbor's configuration into what the session layer and the TCP edge need.</summary>
internal static class NeighborMapping
{
    public const int BgpPort = 179;

    public static PeerSettings Settings(SpeakerConfig config, NeighborConfig neighbor) => new()
    {
        LocalAs = config.Asn,
        LocalRouterId = (uint)IpAddresses.ToBits(config.RouterId),
        RemoteAs = neighbor.RemoteAs.Kind switch
        {
            RemoteAsKind.Number => ExpectedAs.Of(neighbor.RemoteAs.Number),
            RemoteAsKind.Internal => ExpectedAs.Internal,
            RemoteAsKind.AnyOf => ExpectedAs.OneOf(neighbor.RemoteAs.Numbers),
            _ => ExpectedAs.External,
        },
        HoldTime = neighbor.Timers.HoldTime,
        KeepaliveTime = neighbor.Timers.HoldTime.IsZero ? null : neighbor.Timers.Keepalive,
        ConnectRetryTime = neighbor.Timers.ConnectRetry,
        IdleHoldTime = neighbor.Timers.IdleHold.Initial,
        IdleHoldTimeMax = neighbor.Timers.IdleHold.Max,
        Passive = neighbor.Passive,
        DelayOpen = neighbor.DelayOpen > TimeSpan.Zero,
        DelayOpenTime = neighbor.DelayOpen > TimeSpan.Zero ? neighbor.DelayOpen : TimeSpan.FromSeconds(5),
        Capabilities = new CapabilitySettings
        {
            Families = [.. neighbor.Families],
            ExtendedNextHop = neighbor.ExtendedNextHop,
            HostName = config.Hostname,
        },
    };

    /// <summary>Where to connect: the address with its interface scope for link-local peers.</summary>
    public static IPEndPoint EndPoint(NeighborConfig neighbor, int port)
    {
        var address = neighbor.Address ?? throw new InvalidOperationException($"neighbor {neighbor.Key} has no address (interface peering arrives later)");
        if (address.IsIPv6LinkLocal && neighbor.Interface is { } name && address.ScopeId == 0)
        {
            address = new IPAddress(address.GetAddressBytes(), InterfaceAddresses.IndexOf(name));
        }
        return new IPEndPoint(address, port);
    }

    public static PeerSecurity Security(NeighborConfig neighbor) =>
        new(neighbor.Password?.Value, neighbor.TtlSecurity);
}
