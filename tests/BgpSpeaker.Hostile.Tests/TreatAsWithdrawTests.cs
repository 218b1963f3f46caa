using BgpSpeaker.Hostile.Tests.Harness;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// RFC 7606 treat-as-withdraw: no NOTIFICATION, the session stays up, and the prefixes of the UPDATE
/// (announced earlier, so the test can see them go) are withdrawn.
/// </summary>
public sealed class TreatAsWithdrawTests(DaemonFixture fixture) : HostileTest(fixture)
{
    private static byte[] Path => Raw.AsPath(Raw.HostileAs);

    private static byte[] Hop => Raw.NextHop("198.18.0.1");

    /// <summary>RFC 7606 §4: fewer octets left than an attribute header needs.</summary>
    [Fact]
    public Task AttributeHeaderCutShortIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Mandatory(), [Raw.Optional, 4]), Raw.Nlri(s.Subject)));

    /// <summary>RFC 7606 §4: the last attribute's length runs past the Total Path Attribute Length.</summary>
    [Fact]
    public Task AttributeLengthOverrunningTheAttributesIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Mandatory(), [Raw.Optional, 4, 10, 0, 0, 0, 1]), Raw.Nlri(s.Subject)));

    /// <summary>RFC 7606 §3 c: Optional/Transitive bits in conflict with the attribute's kind.</summary>
    [Fact]
    public Task OriginWithTheOptionalBitIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Attr(Raw.OptionalTransitive, 1, 0), Path, Hop), Raw.Nlri(s.Subject)));

    /// <summary>RFC 7606 §7.1.</summary>
    [Fact]
    public Task UndefinedOriginValueIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Origin(3), Path, Hop), Raw.Nlri(s.Subject)));

    /// <summary>RFC 7606 §7.2: a segment with a zero Path Segment Length.</summary>
    [Fact]
    public Task AsPathWithAnEmptySegmentIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPathOf(Raw.Segment(2, Raw.HostileAs), [2, 0]), Hop), Raw.Nlri(s.Subject)));

    /// <summary>RFC 7606 §7.2: an unrecognized segment type.</summary>
    [Fact]
    public Task AsPathWithAnUnknownSegmentTypeIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPathOf(Raw.Segment(7, Raw.HostileAs)), Hop), Raw.Nlri(s.Subject)));

    /// <summary>RFC 7606 §3 d: a missing well-known mandatory attribute (NEXT_HOP with classic NLRI).</summary>
    [Fact]
    public Task MissingNextHopIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Origin(), Path), Raw.Nlri(s.Subject)));

    /// <summary>RFC 4271 §6.3: a semantically wrong NEXT_HOP is logged, no NOTIFICATION; RFC 7606 §7.3 treats it as withdraw.</summary>
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    public Task UnusableNextHopIsTreatedAsWithdraw(string nextHop) =>
        ExpectTreatAsWithdrawAsync(s => Raw.Update(Raw.Cat(Raw.Origin(), Path, Raw.NextHop(nextHop)), Raw.Nlri(s.Subject)));

    /// <summary>RFC 7606 §7.8.</summary>
    [Fact]
    public Task CommunitiesNotAMultipleOfFourIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Announce(s.Subject, Raw.Attr(Raw.OptionalTransitive, 8, 0xFD, 0xEA, 0, 1, 0)));

    /// <summary>RFC 8092 §6.</summary>
    [Fact]
    public Task LargeCommunitiesNotAMultipleOfTwelveIsTreatedAsWithdraw() =>
        ExpectTreatAsWithdrawAsync(s => Raw.Announce(s.Subject, Raw.Attr(Raw.OptionalTransitive, 32, [.. Enumerable.Repeat((byte)1, 13)])));
}
