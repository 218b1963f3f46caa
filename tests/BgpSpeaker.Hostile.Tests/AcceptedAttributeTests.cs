using System.Net;
using BgpSpeaker.Hostile.Tests.Harness;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>UPDATEs that are odd but usable: the route is accepted (an offending attribute at most discarded), the session stays up.</summary>
public sealed class AcceptedAttributeTests(DaemonFixture fixture) : HostileTest(fixture)
{
    private static byte[] Hop => Raw.NextHop("198.18.0.1");

    private static byte[] WithPath(string prefix, byte[] asPath, params byte[][] extra) =>
        Raw.Update(Raw.Cat(Raw.Origin(), asPath, Hop, Raw.Cat(extra)), Raw.Nlri(prefix));

    /// <summary>RFC 7606 §3 g: repeats other than MP_REACH/MP_UNREACH are discarded after the first.</summary>
    [Fact]
    public async Task SecondMedIsDiscardedAndTheFirstKept()
    {
        var (slot, peer) = await EstablishAsync();
        var route = await ExpectAcceptedAsync(slot, peer, Raw.Announce(slot.Subject, Raw.Med(10), Raw.Med(20)));
        Assert.Equal(10u, route.GetProperty("med").GetUInt32());
        await WaitForLogAsync($"neighbor {slot.Name}: malformed UPDATE, attribute discarded");
    }

    /// <summary>RFC 4271 §4.3: AS_SET is a valid segment type (RFC 6472 only discourages sending it).</summary>
    [Fact]
    public async Task AsSetIsAccepted()
    {
        var (slot, peer) = await EstablishAsync();
        var path = Raw.AsPathOf(Raw.Segment(2, Raw.HostileAs), Raw.Segment(1, 64512, 64513));
        var route = await ExpectAcceptedAsync(slot, peer, WithPath(slot.Subject, path));
        Assert.Equal("65002 {64512 64513}", route.GetProperty("asPath").GetString());
    }

    /// <summary>RFC 4271 §4.3: 1,000 4-octet ASNs need the Extended Length bit and four segments; the UPDATE still fits 4096 octets.</summary>
    [Fact]
    public async Task ThousandAsnPathIsAccepted()
    {
        var (slot, peer) = await EstablishAsync();
        uint[] asns = [Raw.HostileAs, .. Enumerable.Range(0, 999).Select(i => 100_000u + (uint)i)];
        var segments = asns.Chunk(255).Select(c => Raw.Segment(2, c)).ToArray();
        var update = WithPath(slot.Subject, Raw.AsPathOf(segments));
        Assert.InRange(update.Length, 4001, 4096);
        var route = await ExpectAcceptedAsync(slot, peer, update);
        Assert.Equal(asns.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)), route.GetProperty("asPath").GetString()!.Split(' '));
    }

    /// <summary>
    /// IPv6 unicast was not negotiated with this peer: the MP_REACH_NLRI is ignored (RFC 4760 §7 lets a
    /// speaker ignore routes of a family it cannot use), the classic IPv4 route beside it is kept.
    /// </summary>
    [Fact]
    public async Task MpReachForAnUnnegotiatedFamilyIsIgnored()
    {
        var (slot, peer) = await EstablishAsync();
        var v6 = Raw.MpReach(2, 1, IPAddress.Parse("2001:db8::1").GetAddressBytes(), [32, 0x20, 0x01, 0x0d, 0xb8]);
        await ExpectAcceptedAsync(slot, peer, Raw.Announce(slot.Subject, v6));
        Assert.DoesNotContain("2001:db8::/32", (await Daemon.RoutesFromAsync(slot.Name)).Keys);
        await WaitForLogAsync($"neighbor {slot.Name}: malformed UPDATE, attribute discarded");
    }

    /// <summary>RFC 4271 §5: an unrecognized optional transitive attribute is accepted (and passed on with Partial set).</summary>
    [Fact]
    public async Task UnknownOptionalTransitiveAttributeIsAccepted()
    {
        var (slot, peer) = await EstablishAsync();
        await ExpectAcceptedAsync(slot, peer, Raw.Announce(slot.Subject, Raw.Attr(Raw.OptionalTransitive, 250, 1, 2, 3)));
    }

    /// <summary>RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly ignored.</summary>
    [Fact]
    public async Task UnknownOptionalNonTransitiveAttributeIsDroppedQuietly()
    {
        var (slot, peer) = await EstablishAsync();
        await ExpectAcceptedAsync(slot, peer, Raw.Announce(slot.Subject, Raw.Attr(Raw.Optional, 251, 1, 2, 3)));
        Assert.DoesNotContain($"neighbor {slot.Name}: malformed UPDATE", Daemon.Log, StringComparison.Ordinal);
    }

    /// <summary>RFC 6793 §6: AS4_PATH from a 4-octet speaker is discarded; AS_PATH alone is the path.</summary>
    [Fact]
    public async Task As4PathFromAFourOctetPeerIsDiscarded()
    {
        var (slot, peer) = await EstablishAsync();
        var as4Path = Raw.Attr(Raw.OptionalTransitive, 17, Raw.Segment(2, Raw.HostileAs, 4_200_000_000));
        var route = await ExpectAcceptedAsync(slot, peer, WithPath(slot.Subject, Raw.AsPath(Raw.HostileAs, 65010), as4Path));
        Assert.Equal("65002 65010", route.GetProperty("asPath").GetString());
        await WaitForLogAsync($"neighbor {slot.Name}: malformed UPDATE, attribute discarded");
    }
}
