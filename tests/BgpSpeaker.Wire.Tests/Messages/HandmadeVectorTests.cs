using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Tests.Messages;

/// <summary>Each vector is checked both ways: the file decodes to the expected message, and that message encodes to the file.</summary>
public class HandmadeVectorTests
{
    private static readonly CodecContext FourOctet = new()
    {
        FourOctetAs = true,
        ExtendedNextHop = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast },
    };

    private static readonly CodecContext TwoOctet = new() { FourOctetAs = false };

    private static T Decode<T>(string file, CodecContext context) where T : BgpMessage
    {
        var bytes = Hex.Load($"handmade/{file}");
        var results = MessageDecoder.DecodeAll(bytes, context).ToList();
        var (result, _) = Assert.Single(results);
        Assert.Null(result.Error);
        return Assert.IsType<T>(result.Message);
    }

    private static void AssertEncodes(string file, BgpMessage expected, CodecContext context) =>
        Assert.Equal(Hex.Format(Hex.Load($"handmade/{file}")), Hex.Format(MessageEncoder.ToBytes(expected, context)));

    private static List<string> Prefixes(NlriBlock block) => block.ToList().Select(e => e.Prefix.ToString()).ToList();

    private static UInt128 V6(string text) => IpAddresses.ParseV6(text);

    [Fact]
    public void Keepalive()
    {
        Assert.Same(KeepaliveMessage.Instance, Decode<KeepaliveMessage>("keepalive.hex", FourOctet));
        AssertEncodes("keepalive.hex", KeepaliveMessage.Instance, FourOctet);
    }

    [Fact]
    public void OpenWithEveryCapability()
    {
        Capability[] capabilities =
        [
            new MultiprotocolCapability(AfiSafi.Ipv4Unicast),
            new MultiprotocolCapability(AfiSafi.Ipv6Unicast),
            new RouteRefreshCapability(),
            new ExtendedNextHopCapability([new ExtendedNextHopEntry(AfiSafi.Ipv4Unicast, Afi.Ipv6)]),
            new ExtendedMessageCapability(),
            new RoleCapability(BgpRole.Customer),
            new GracefulRestartCapability(false, false, 120, [new GracefulRestartFamily(AfiSafi.Ipv4Unicast, true)]),
            new FourOctetAsCapability(65536),
            new AddPathCapability([new AddPathEntry(AfiSafi.Ipv4Unicast, AddPathDirection.Both)]),
            new EnhancedRouteRefreshCapability(),
            new FqdnCapability("node1", "x"),
            new UnknownCapability(7, [0xab, 0xcd]),
        ];
        var open = Decode<OpenMessage>("open-all-capabilities.hex", CodecContext.Initial);
        Assert.Equal(4, open.Version);
        Assert.Equal(OpenMessage.AsTrans, open.MyAs);
        Assert.Equal(65536u, open.AsNumber);
        Assert.Equal(90, open.HoldTimeSeconds);
        Assert.Equal(IpAddresses.ParseV4("10.0.0.1"), open.BgpIdentifier);
        Assert.Equal(capabilities, open.Capabilities);
        AssertEncodes("open-all-capabilities.hex", OpenMessage.Create(65536, 90, IpAddresses.ParseV4("10.0.0.1"), capabilities), CodecContext.Initial);
    }

    [Fact]
    public void UpdateIpv4WithCommunities()
    {
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.FromSequence(65001, 65002),
            MultiExitDisc = 100,
            Communities = [new Community(65001, 1), Community.GracefulShutdown],
            LargeCommunities = [new LargeCommunity(65001, 1, 2)],
        };
        var update = Decode<UpdateMessage>("update-ipv4.hex", FourOctet);
        Assert.Equal(["10.1.0.0/16"], Prefixes(update.Withdrawn));
        Assert.Equal(["192.0.2.0/24", "203.0.113.1/32", "0.0.0.0/0"], Prefixes(update.Nlri));
        Assert.Equal(NextHop.V4(IpAddresses.ParseV4("10.0.0.1")), update.NextHop);
        Assert.Equal(attributes, update.Attributes);
        Assert.Equal(ErrorAction.None, update.Action);
        Assert.Null(update.EndOfRib);

        AssertEncodes("update-ipv4.hex", new UpdateMessage
        {
            Withdrawn = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, Prefix.Parse("10.1.0.0/16")),
            Attributes = attributes,
            NextHop = NextHop.V4(IpAddresses.ParseV4("10.0.0.1")),
            Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, Prefix.Parse("192.0.2.0/24"), Prefix.Parse("203.0.113.1/32"), Prefix.Parse("0.0.0.0/0")),
        }, FourOctet);
    }

    public static TheoryData<string, AfiSafi, string, NextHop, string?, string?> MpReachVectors => new()
    {
        { "update-ipv6-mpreach.hex", AfiSafi.Ipv6Unicast, "2001:db8:1::/48", NextHop.V6(V6("2001:db8::1"), V6("fe80::1")), "2001:db8::1", "fe80::1" },
        { "update-ipv4-ll-both.hex", AfiSafi.Ipv4Unicast, "10.0.0.1/32", NextHop.V6(V6("fe80::a"), V6("fe80::a")), null, "fe80::a" },
        { "update-ipv4-ll-unspecified-global.hex", AfiSafi.Ipv4Unicast, "10.0.0.1/32", NextHop.V6(UInt128.Zero, V6("fe80::a")), null, "fe80::a" },
        { "update-ipv4-ll-16.hex", AfiSafi.Ipv4Unicast, "10.0.0.1/32", NextHop.V6(V6("fe80::a")), null, "fe80::a" },
    };

    [Theory]
    [MemberData(nameof(MpReachVectors))]
    public void MpReachNextHopEncodings(string file, AfiSafi family, string prefix, NextHop nextHop, string? global, string? linkLocal)
    {
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001) };
        var update = Decode<UpdateMessage>(file, FourOctet);
        var reach = Assert.IsType<MpReach>(update.MpReach);
        Assert.Equal(family, reach.Family);
        Assert.Equal(nextHop, reach.NextHop);
        Assert.Equal(global, reach.NextHop.GlobalAddress is { } g ? IpAddresses.V6ToString(g) : null);
        Assert.Equal(linkLocal, reach.NextHop.LinkLocalAddress is { } l ? IpAddresses.V6ToString(l) : null);
        Assert.Equal([prefix], Prefixes(reach.Nlri));
        Assert.Equal(attributes, update.Attributes);
        Assert.True(update.Nlri.IsEmpty);

        AssertEncodes(file, new UpdateMessage
        {
            Attributes = attributes,
            MpReach = new MpReach(family, nextHop, NlriBlockBuilder.From(family, Prefix.Parse(prefix))),
        }, FourOctet);
    }

    [Fact]
    public void MpUnreachWithdrawal()
    {
        var update = Decode<UpdateMessage>("update-ipv6-withdraw.hex", FourOctet);
        Assert.Null(update.Attributes);
        Assert.Equal(["2001:db8:1::/48"], Prefixes(update.MpUnreach!.Withdrawn));
        Assert.Null(update.EndOfRib);
        AssertEncodes("update-ipv6-withdraw.hex", new UpdateMessage
        {
            MpUnreach = new MpUnreach(AfiSafi.Ipv6Unicast, NlriBlockBuilder.From(AfiSafi.Ipv6Unicast, Prefix.Parse("2001:db8:1::/48"))),
        }, FourOctet);
    }

    [Theory]
    [InlineData("eor-ipv4.hex", Afi.Ipv4)]
    [InlineData("eor-ipv6.hex", Afi.Ipv6)]
    public void EndOfRib(string file, Afi afi)
    {
        var family = new AfiSafi(afi, Safi.Unicast);
        Assert.Equal(family, Decode<UpdateMessage>(file, FourOctet).EndOfRib);
        var written = new System.Buffers.ArrayBufferWriter<byte>();
        UpdatePacker.WriteEndOfRib(written, family);
        Assert.Equal(Hex.Format(Hex.Load($"handmade/{file}")), Hex.Format(written.WrittenSpan));
    }

    [Fact]
    public void TwoOctetSessionMergesAs4PathAndKeepsUnknownTransitive()
    {
        var update = Decode<UpdateMessage>("update-2octet-as4path.hex", TwoOctet);
        var attributes = update.Attributes!;
        Assert.Equal(AsPath.FromSequence(200000, 65001), attributes.AsPath);
        Assert.Equal(Origin.Incomplete, attributes.Origin);
        var unknown = Assert.Single(attributes.Unknown);
        Assert.Equal(99, unknown.TypeCode);
        Assert.Equal(AttributeFlags.Optional | AttributeFlags.Transitive | AttributeFlags.Partial, unknown.Flags);
        Assert.Equal(["198.51.100.0/24"], Prefixes(update.Nlri));
        AssertEncodes("update-2octet-as4path.hex", new UpdateMessage
        {
            Attributes = attributes,
            NextHop = NextHop.V4(IpAddresses.ParseV4("192.0.2.1")),
            Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, Prefix.Parse("198.51.100.0/24")),
        }, TwoOctet);
    }

    [Fact]
    public void NotificationWithShutdownCommunication()
    {
        var notification = Decode<NotificationMessage>("notification-shutdown.hex", FourOctet);
        Assert.Equal(ErrorCode.Cease, notification.Code);
        Assert.Equal(CeaseSubcode.AdministrativeShutdown, notification.Subcode);
        Assert.Equal("maintenance window", notification.ShutdownCommunication);
        Assert.Equal("Cease/Administrative Shutdown: \"maintenance window\"", notification.Describe());
        AssertEncodes("notification-shutdown.hex", NotificationMessage.Shutdown(CeaseSubcode.AdministrativeShutdown, "maintenance window"), FourOctet);
    }

    [Fact]
    public void NotificationHoldTimerExpired()
    {
        var notification = Decode<NotificationMessage>("notification-hold-timer.hex", FourOctet);
        Assert.Equal(ErrorCode.HoldTimerExpired, notification.Code);
        Assert.Null(notification.ShutdownCommunication);
        AssertEncodes("notification-hold-timer.hex", new NotificationMessage(ErrorCode.HoldTimerExpired, 0, []), FourOctet);
    }

    [Theory]
    [InlineData("route-refresh.hex", Afi.Ipv4, RouteRefreshSubtype.Request)]
    [InlineData("route-refresh-borr-ipv6.hex", Afi.Ipv6, RouteRefreshSubtype.BeginningOfRouteRefresh)]
    public void RouteRefresh(string file, Afi afi, RouteRefreshSubtype subtype)
    {
        var refresh = Decode<RouteRefreshMessage>(file, FourOctet);
        Assert.Equal(new AfiSafi(afi, Safi.Unicast), refresh.Family);
        Assert.Equal(subtype, refresh.Subtype);
        Assert.Equal(MessageType.RouteRefresh, refresh.Type);
        AssertEncodes(file, new RouteRefreshMessage(new AfiSafi(afi, Safi.Unicast), subtype), FourOctet);
    }

    [Fact]
    public void ShutdownCommunicationIsTruncatedAtACharacterBoundary()
    {
        var text = new string('é', 200); // 400 octets of UTF-8
        var notification = NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, text);
        Assert.Equal(254, notification.Data[0]);
        Assert.Equal(new string('é', 127), notification.ShutdownCommunication);
    }
}
