using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using static BgpSpeaker.Wire.Tests.ErrorHandling.UpdateBuilder;

namespace BgpSpeaker.Wire.Tests.ErrorHandling;

/// <summary>
/// The RFC 7606 table: each malformed UPDATE and the action the decoder must choose. Session resets
/// also name the NOTIFICATION subcode; lesser actions are kept with the decoded message.
/// </summary>
public class Rfc7606Tests
{
    private static readonly CodecContext Ebgp4 = new() { FourOctetAs = true };
    private static readonly CodecContext Ebgp2 = new() { FourOctetAs = false };
    private static readonly CodecContext Ibgp4 = new() { FourOctetAs = true, ExternalPeer = false };
    private static readonly CodecContext V4Only = new() { FourOctetAs = true, Families = new HashSet<AfiSafi> { AfiSafi.Ipv4Unicast } };

    private const string MpReachV6 = "0002 01 10 20010db8000000000000000000000001 00 30 20010db80001";

    public static TheoryData<string, string, string, ErrorAction, byte> Cases => new()
    {
        // RFC 4271 §6.3 / RFC 7606 §4, §5.3: the layout itself is broken, NLRI cannot be located.
        { "withdrawn length overruns", "ffff 0000", "ebgp4", ErrorAction.SessionReset, UpdateSubcode.MalformedAttributeList },
        { "attribute length overruns", "0000 00ff 00", "ebgp4", ErrorAction.SessionReset, UpdateSubcode.MalformedAttributeList },
        { "NLRI prefix length 33", Announce(Mandatory, "21 0a000000 00"), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.InvalidNetworkField },
        { "NLRI truncated", Announce(Mandatory, "18 0a00"), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.InvalidNetworkField },
        { "withdrawn prefix length 33", Body("21 0a00000000", "", ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.InvalidNetworkField },
        // RFC 7606 §4: attribute framing inside a well-delimited attribute field.
        { "attribute header truncated", Announce(Mandatory + "c008"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MalformedAttributeList },
        { "attribute overruns the attribute field", Announce(Mandatory + "c00808fde90001"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        // RFC 7606 §7.1 ORIGIN
        { "ORIGIN value 3", Announce("40010103" + AsPathAttr + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.InvalidOriginAttribute },
        { "ORIGIN length 2", Announce("4001020000" + AsPathAttr + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        { "ORIGIN with the optional flag", Announce("c0010100" + AsPathAttr + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeFlagsError },
        // RFC 7606 §7.2 AS_PATH
        { "AS_PATH zero-length segment", Announce(OriginAttr + Attr(0x40, 2, "0200") + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MalformedAsPath },
        { "AS_PATH unknown segment type", Announce(OriginAttr + Attr(0x40, 2, "0501 0000fde9") + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MalformedAsPath },
        { "AS_PATH segment overruns", Announce(OriginAttr + Attr(0x40, 2, "0203 0000fde9") + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MalformedAsPath },
        { "AS_PATH 2-octet on a 4-octet session", Announce(OriginAttr + Attr(0x40, 2, "0201 fde9") + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MalformedAsPath },
        // RFC 7606 §7.3 NEXT_HOP, RFC 4271 §6.3 semantics
        { "NEXT_HOP 0.0.0.0", Announce(OriginAttr + AsPathAttr + "40030400000000"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.InvalidNextHopAttribute },
        { "NEXT_HOP multicast", Announce(OriginAttr + AsPathAttr + "400304e0000001"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.InvalidNextHopAttribute },
        { "NEXT_HOP length 5", Announce(OriginAttr + AsPathAttr + "4003050a00000100"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        // RFC 7606 §7.4–7.10
        { "MED length 3", Announce(Mandatory + "800403000064"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        { "MED with the transitive flag", Announce(Mandatory + "c00404000000ff"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeFlagsError },
        { "LOCAL_PREF length 3 (iBGP)", Announce(Mandatory + "400503000064"), "ibgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        { "LOCAL_PREF missing (iBGP)", Announce(Mandatory), "ibgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MissingWellKnownAttribute },
        { "ATOMIC_AGGREGATE length 1", Announce(Mandatory + "40060100"), "ebgp4", ErrorAction.AttributeDiscard, UpdateSubcode.AttributeLengthError },
        { "AGGREGATOR length 5", Announce(Mandatory + Attr(0xc0, 7, "0000fde90a")), "ebgp4", ErrorAction.AttributeDiscard, UpdateSubcode.AttributeLengthError },
        { "AGGREGATOR with well-known flags", Announce(Mandatory + Attr(0x40, 7, "0000fde90a000001")), "ebgp4", ErrorAction.AttributeDiscard, UpdateSubcode.AttributeFlagsError },
        { "COMMUNITIES length 5", Announce(Mandatory + Attr(0xc0, 8, "fde9000100")), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        { "COMMUNITIES length 0", Announce(Mandatory + "c00800"), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        { "EXTENDED_COMMUNITIES length 7", Announce(Mandatory + Attr(0xc0, 16, "00020000000001")), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        { "LARGE_COMMUNITY length 13", Announce(Mandatory + Attr(0xc0, 32, "0000fde90000000100000002ff")), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        { "CLUSTER_LIST length 6", Announce(Mandatory + Attr(0x80, 10, "0a0000010a00")), "ibgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.AttributeLengthError },
        // RFC 7606 §3 d, g: missing and repeated attributes
        { "ORIGIN missing", Announce(AsPathAttr + NextHopAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MissingWellKnownAttribute },
        { "NEXT_HOP missing", Announce(OriginAttr + AsPathAttr), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.MissingWellKnownAttribute },
        { "two MEDs", Announce(Mandatory + "8004040000006480040400000065"), "ebgp4", ErrorAction.AttributeDiscard, UpdateSubcode.MalformedAttributeList },
        { "two MP_REACH_NLRI", Announce(OriginAttr + AsPathAttr + Attr(0x80, 14, MpReachV6) + Attr(0x80, 14, MpReachV6), ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.MalformedAttributeList },
        // RFC 4271 §6.3 unknown attributes
        { "unknown well-known attribute", Announce(Mandatory + "406302beef"), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.UnrecognizedWellKnownAttribute },
        // RFC 7606 §7.11, RFC 4760 §7: MP_REACH_NLRI / MP_UNREACH_NLRI
        { "MP_REACH next hop length 5 for IPv6", Announce(OriginAttr + AsPathAttr + Attr(0x80, 14, "0002 01 05 0102030405 00 30 20010db80001"), ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.OptionalAttributeError },
        { "MP_REACH next hop overruns", Announce(OriginAttr + AsPathAttr + Attr(0x80, 14, "0002 01 20 20010db8"), ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.OptionalAttributeError },
        { "MP_REACH IPv6 next hop for IPv4 without RFC 8950", Announce(OriginAttr + AsPathAttr + Attr(0x80, 14, "0001 01 10 fe80000000000000000000000000000a 00 20 0a000001"), ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.OptionalAttributeError },
        { "MP_REACH prefix length 129", Announce(OriginAttr + AsPathAttr + Attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 81 20010db8000000000000000000000000ff"), ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.OptionalAttributeError },
        { "MP_REACH unspecified next hop", Announce(OriginAttr + AsPathAttr + Attr(0x80, 14, "0002 01 10 00000000000000000000000000000000 00 30 20010db80001"), ""), "ebgp4", ErrorAction.TreatAsWithdraw, UpdateSubcode.OptionalAttributeError },
        { "MP_REACH for a family not negotiated", Announce(OriginAttr + AsPathAttr + Attr(0x80, 14, MpReachV6), ""), "v4only", ErrorAction.AttributeDiscard, UpdateSubcode.OptionalAttributeError },
        { "MP_UNREACH shorter than 3", Body("", Attr(0x80, 15, "0002"), ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.OptionalAttributeError },
        { "MP_UNREACH prefix truncated", Body("", Attr(0x80, 15, "0002 01 30 2001"), ""), "ebgp4", ErrorAction.SessionReset, UpdateSubcode.OptionalAttributeError },
        // RFC 6793 §6: AS4_PATH and AS4_AGGREGATOR
        { "AS4_PATH from a 4-octet speaker", Announce(Mandatory + Attr(0xc0, 17, "0201 00030d40")), "ebgp4", ErrorAction.AttributeDiscard, UpdateSubcode.AttributeLengthError },
        { "AS4_PATH malformed", Announce(OriginAttr + "40020402015ba0" + NextHopAttr + Attr(0xc0, 17, "0202 00030d40")), "ebgp2", ErrorAction.AttributeDiscard, UpdateSubcode.AttributeLengthError },
        { "AS4_AGGREGATOR length 6", Announce(OriginAttr + "40020402015ba0" + NextHopAttr + Attr(0xc0, 18, "00030d400a00")), "ebgp2", ErrorAction.AttributeDiscard, UpdateSubcode.AttributeLengthError },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedUpdateGetsTheRfcAction(string name, string bodyHex, string context, ErrorAction expected, byte subcode)
    {
        var ctx = context switch { "ebgp2" => Ebgp2, "ibgp4" => Ibgp4, "v4only" => V4Only, _ => Ebgp4 };
        var result = MessageDecoder.Decode(MessageType.Update, Hex.Parse(bodyHex), ctx);
        if (expected == ErrorAction.SessionReset)
        {
            Assert.True(result.IsSessionReset, $"{name}: expected a session reset, got {result.Message}");
            Assert.Equal(ErrorCode.UpdateMessage, result.Error!.Code);
            Assert.Equal(subcode, result.Error.Subcode);
            Assert.Null(result.Message);
            return;
        }
        var update = Assert.IsType<UpdateMessage>(result.Message);
        Assert.Equal(expected, update.Action);
        Assert.Contains(update.Errors, e => e.Action == expected && e.Subcode == subcode);
    }

    public static TheoryData<string, string, string> Accepted => new()
    {
        { "unknown optional non-transitive attribute is dropped", Announce(Mandatory + "806302beef"), "ebgp4" },
        { "LOCAL_PREF from an eBGP peer is ignored", Announce(Mandatory + "40050400000064"), "ebgp4" },
        { "pure withdrawal needs no attributes", Body("18c00002", "", ""), "ebgp4" },
        { "AS_SET in AS_PATH", Announce(OriginAttr + Attr(0x40, 2, "0102 0000fde9 0000fdea") + NextHopAttr), "ebgp4" },
        { "zero-length AS_PATH from an iBGP peer", Announce(OriginAttr + "400200" + NextHopAttr + "40050400000064"), "ibgp4" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void WellFormedEdgeCasesAreAccepted(string name, string bodyHex, string context)
    {
        var ctx = context == "ibgp4" ? Ibgp4 : Ebgp4;
        var result = MessageDecoder.Decode(MessageType.Update, Hex.Parse(bodyHex), ctx);
        var update = Assert.IsType<UpdateMessage>(result.Message);
        Assert.True(update.Action == ErrorAction.None && update.Errors.Count == 0, $"{name}: {string.Join("; ", update.Errors)}");
        Assert.Empty(update.Attributes?.Unknown ?? []);
        Assert.Equal(context == "ibgp4" ? 100u : null, update.Attributes?.LocalPref);
    }

    [Fact]
    public void AThousandAsnPathDecodesAndReencodesInSegmentsOf255()
    {
        var asns = Enumerable.Range(1, 1000).Select(i => (uint)(64512 + i)).ToArray();
        var attributes = new Attributes.PathAttributes { Origin = Attributes.Origin.Igp, AsPath = Attributes.AsPath.FromSequence(asns) };
        var bytes = MessageEncoder.ToBytes(new UpdateMessage
        {
            Attributes = attributes,
            NextHop = NextHop.V4(0x0a000001),
            Nlri = NlriBlockBuilder.From(AfiSafi.Ipv4Unicast, Prefix.Parse("192.0.2.0/24")),
        }, Ebgp4);
        var (result, _) = Assert.Single(MessageDecoder.DecodeAll(bytes, Ebgp4));
        var update = Assert.IsType<UpdateMessage>(result.Message);
        Assert.Equal(ErrorAction.None, update.Action);
        Assert.Equal(1000, update.Attributes!.AsPath.PathLength);
        Assert.Equal([255, 255, 255, 235], update.Attributes.AsPath.Segments.Select(s => s.Asns.Count));
        Assert.Equal(asns, update.Attributes.AsPath.Segments.SelectMany(s => s.Asns));
    }

    [Fact]
    public void TreatAsWithdrawStillReportsTheNlriToWithdraw()
    {
        var result = MessageDecoder.Decode(MessageType.Update, Hex.Parse(Announce("40010103" + AsPathAttr + NextHopAttr, NlriHex + "20cb007101")), Ebgp4);
        var update = Assert.IsType<UpdateMessage>(result.Message);
        Assert.Equal(ErrorAction.TreatAsWithdraw, update.Action);
        Assert.Equal(["192.0.2.0/24", "203.0.113.1/32"], update.Nlri.ToList().Select(e => e.Prefix.ToString()));
    }

    [Fact]
    public void DuplicateAttributeKeepsTheFirst()
    {
        var result = MessageDecoder.Decode(MessageType.Update, Hex.Parse(Announce(Mandatory + "8004040000006480040400000065")), Ebgp4);
        Assert.Equal(100u, Assert.IsType<UpdateMessage>(result.Message).Attributes!.MultiExitDisc);
    }
}

/// <summary>Decoding before OPEN uses <see cref="CodecContext.Initial"/>; it must be fully formed.</summary>
public class InitialContextTests
{
    [Fact]
    public void UpdateDecodesWithTheInitialContext()
    {
        var result = MessageDecoder.Decode(MessageType.Update, Hex.Parse(UpdateBuilder.Announce(UpdateBuilder.Mandatory)), CodecContext.Initial);
        Assert.IsType<UpdateMessage>(result.Message);
        Assert.NotNull(CodecContext.Initial.AddPathReceive);
        Assert.NotNull(CodecContext.Initial.ExtendedNextHop);
    }

    [Theory]
    [InlineData("000101")]
    [InlineData("0001010100")]
    public void RouteRefreshOfTheWrongLengthCarriesTheWholeMessage(string body)
    {
        var result = MessageDecoder.Decode(MessageType.RouteRefresh, Hex.Parse(body), CodecContext.Initial);
        Assert.Equal(ErrorCode.RouteRefresh, result.Error!.Code);
        Assert.Equal(RouteRefreshSubcode.InvalidMessageLength, result.Error.Subcode);
        Assert.Equal(19 + body.Length / 2, result.Error.Data.Length);
        Assert.EndsWith(body, Hex.Format(result.Error.Data), StringComparison.Ordinal);
    }
}

public class ErrorCapTests
{
    [Fact]
    public void RepeatedAttributesKeepABoundedErrorListButTheStrongestAction()
    {
        var repeats = string.Concat(Enumerable.Repeat("80040400000064", 200)); // 200 more MEDs: each an attribute discard
        var body = UpdateBuilder.Announce(UpdateBuilder.Mandatory + "80040400000001" + repeats + "c008");
        var update = Assert.IsType<UpdateMessage>(MessageDecoder.Decode(MessageType.Update, Hex.Parse(body), new CodecContext { FourOctetAs = true }).Message);
        Assert.InRange(update.Errors.Count, 16, 17);
        Assert.Equal(ErrorAction.TreatAsWithdraw, update.Action); // the truncated header at the end still counts
        Assert.Contains(update.Errors, e => e.Action == ErrorAction.TreatAsWithdraw);
    }
}
