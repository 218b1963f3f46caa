using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Tests.Messages;

/// <summary>Messages captured from FRR 8.4 (see Vectors/frr/README.md): what a real leaf sends us.</summary>
public class FrrVectorTests
{
    /// <summary>What FRR and we negotiate on an unnumbered link: 4-octet AS, RFC 8950 for IPv4.</summary>
    private static readonly CodecContext Session = new()
    {
        FourOctetAs = true,
        ExtendedNextHop = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast },
    };

    private static (T Message, byte[] Bytes) Decode<T>(string file) where T : BgpMessage
    {
        var bytes = Hex.Load($"frr/{file}");
        var (result, _) = Assert.Single(MessageDecoder.DecodeAll(bytes, Session));
        Assert.Null(result.Error);
        return (Assert.IsType<T>(result.Message), bytes);
    }

    /// <summary>Re-encoding gives a message that decodes to the same content (FRR's attribute flags differ from ours, so not the same octets).</summary>
    private static UpdateMessage Reencoded(UpdateMessage update)
    {
        var (result, _) = Assert.Single(MessageDecoder.DecodeAll(MessageEncoder.ToBytes(update, Session), Session));
        return Assert.IsType<UpdateMessage>(result.Message);
    }

    private static List<string> Prefixes(NlriBlock block) => block.ToList().Select(e => e.Prefix.ToString()).ToList();

    [Theory]
    [InlineData("open-numbered-ipv4.hex", 65001u, "frr-a", false)]
    [InlineData("open-numbered-ipv4-frr-b.hex", 65002u, "frr-b", false)]
    [InlineData("open-unnumbered.hex", 65101u, "frr-c", true)]
    public void OpenDecodesAndReencodesToTheSameOctets(string file, uint asn, string host, bool extendedNextHop)
    {
        var (open, bytes) = Decode<OpenMessage>(file);
        Assert.Equal(asn, open.AsNumber);
        Assert.Equal(180, open.HoldTimeSeconds);
        Assert.Equal(host, open.Find<FqdnCapability>()!.HostName);
        Assert.NotNull(open.Find<FourOctetAsCapability>());
        Assert.NotNull(open.Find<EnhancedRouteRefreshCapability>());
        Assert.NotNull(open.Find<ExtendedMessageCapability>());
        Assert.Contains(new MultiprotocolCapability(AfiSafi.Ipv4Unicast), open.Capabilities);
        Assert.Contains(open.Capabilities, c => c is UnknownCapability { RawCode: 71 }); // long-lived graceful restart
        var enh = open.Find<ExtendedNextHopCapability>();
        Assert.Equal(extendedNextHop, enh is not null);
        if (enh is not null)
        {
            Assert.Equal([new ExtendedNextHopEntry(AfiSafi.Ipv4Unicast, Afi.Ipv6)], enh.Entries);
        }
        Assert.Equal(Hex.Format(bytes), Hex.Format(MessageEncoder.ToBytes(open, Session)));
    }

    [Fact]
    public void Ipv4UpdateWithCommunities()
    {
        var (update, _) = Decode<UpdateMessage>("update-ipv4-communities.hex");
        var a = update.Attributes!;
        Assert.Equal(Origin.Igp, a.Origin);
        Assert.Equal("65001", a.AsPath.ToString());
        Assert.Equal(100u, a.MultiExitDisc);
        Assert.Equal(["65001:100", "65001:200"], a.Communities.Select(c => c.ToString()));
        Assert.Equal(["65001:1:1", "65001:2:2"], a.LargeCommunities.Select(c => c.ToString()));
        Assert.Equal("10.255.0.1", update.NextHop.ToString());
        Assert.Equal(["192.0.2.0/24", "203.0.113.1/32", "198.51.100.0/24"], Prefixes(update.Nlri));
        var again = Reencoded(update);
        Assert.Equal(a, again.Attributes);
        Assert.Equal(Prefixes(update.Nlri), Prefixes(again.Nlri));
    }

    [Theory]
    [InlineData("update-ipv4-ll-nexthop.hex", Afi.Ipv4, "198.18.0.0/24", "fe80::1")]
    [InlineData("update-ipv6-ll-nexthop.hex", Afi.Ipv6, "2001:db8:2::/48", "fe80::1")]
    [InlineData("update-ipv6-mpreach.hex", Afi.Ipv6, "2001:db8:1::/48", "2001:db8:ffff::1 fe80::1")]
    public void MpReachFromFrr(string file, Afi afi, string prefix, string nextHop)
    {
        var (update, _) = Decode<UpdateMessage>(file);
        var reach = update.MpReach!;
        Assert.Equal(new AfiSafi(afi, Safi.Unicast), reach.Family);
        Assert.Equal(32, reach.NextHop.Length);
        Assert.Equal(nextHop, reach.NextHop.ToString());
        Assert.Equal(IpAddresses.ParseV6("fe80::1"), reach.NextHop.LinkLocalAddress);
        Assert.Equal([prefix], Prefixes(reach.Nlri));
        Assert.Equal(0u, update.Attributes!.MultiExitDisc);
        var again = Reencoded(update);
        Assert.Equal(reach.NextHop, again.MpReach!.NextHop);
        Assert.Equal(update.Attributes, again.Attributes);
    }

    [Fact]
    public void Withdrawals()
    {
        var (v4, _) = Decode<UpdateMessage>("update-withdraw-ipv4.hex");
        Assert.Equal(["203.0.113.1/32"], Prefixes(v4.Withdrawn));
        Assert.Null(v4.Attributes);
        var (v6, _) = Decode<UpdateMessage>("update-withdraw-ipv6.hex");
        Assert.Equal(["2001:db8:1::/48"], Prefixes(v6.MpUnreach!.Withdrawn));
    }

    [Theory]
    [InlineData("update-eor-ipv4.hex", Afi.Ipv4)]
    [InlineData("update-eor-ipv6.hex", Afi.Ipv6)]
    public void EndOfRib(string file, Afi afi) =>
        Assert.Equal(new AfiSafi(afi, Safi.Unicast), Decode<UpdateMessage>(file).Message.EndOfRib);

    [Theory]
    [InlineData("notification-cease-shutdown.hex", CeaseSubcode.AdministrativeShutdown, "maintenance window")]
    [InlineData("notification-cease-hard-reset.hex", CeaseSubcode.HardReset, null)]
    public void Notifications(string file, byte subcode, string? communication)
    {
        var (notification, bytes) = Decode<NotificationMessage>(file);
        Assert.Equal(ErrorCode.Cease, notification.Code);
        Assert.Equal(subcode, notification.Subcode);
        Assert.Equal(communication, notification.ShutdownCommunication);
        Assert.Equal(Hex.Format(bytes), Hex.Format(MessageEncoder.ToBytes(notification, Session)));
    }

    [Theory]
    [InlineData("route-refresh.hex", RouteRefreshSubtype.Request)]
    [InlineData("route-refresh-borr.hex", RouteRefreshSubtype.BeginningOfRouteRefresh)]
    [InlineData("route-refresh-eorr.hex", RouteRefreshSubtype.EndOfRouteRefresh)]
    public void RouteRefresh(string file, RouteRefreshSubtype subtype)
    {
        var (refresh, bytes) = Decode<RouteRefreshMessage>(file);
        Assert.Equal(AfiSafi.Ipv4Unicast, refresh.Family);
        Assert.Equal(subtype, refresh.Subtype);
        Assert.Equal(Hex.Format(bytes), Hex.Format(MessageEncoder.ToBytes(refresh, Session)));
    }

    [Fact]
    public void Keepalive() => Assert.Same(KeepaliveMessage.Instance, Decode<KeepaliveMessage>("keepalive.hex").Message);
}
