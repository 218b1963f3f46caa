using BgpSpeaker.Hostile.Tests.Harness;
using BgpSpeaker.Wire.Errors;

namespace BgpSpeaker.Hostile.Tests;

/// <summary>
/// UPDATE errors that leave the NLRI unlocatable, or that RFC 7606 keeps as resets: UPDATE Message
/// Error with the subcode (and data) of RFC 4271 §6.3.
/// </summary>
public sealed class UpdateResetTests(DaemonFixture fixture) : HostileTest(fixture)
{
    private static readonly byte[] V4NextHop = [198, 18, 0, 1];

    /// <summary>RFC 7606 §3 g: MP_REACH_NLRI more than once is Malformed Attribute List.</summary>
    [Fact]
    public async Task TwoMpReachAttributesGetMalformedAttributeList()
    {
        var (slot, peer) = await EstablishAsync();
        var reach = Raw.MpReach(1, 1, V4NextHop, Raw.Nlri(slot.Subject));
        await peer.SendAsync(Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(Raw.HostileAs), reach, reach), []));
        await ExpectResetAsync(slot, peer, ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList);
    }

    /// <summary>RFC 7606 §7.11: a next-hop length that does not fit the family leaves the NLRI unlocatable. Data: the attribute (RFC 4271 §6.3).</summary>
    [Fact]
    public async Task MpReachWithFiveOctetNextHopGetsOptionalAttributeError()
    {
        var (slot, peer) = await EstablishAsync();
        var reach = Raw.MpReach(1, 1, [198, 18, 0, 1, 0], Raw.Nlri(slot.Subject));
        await peer.SendAsync(Raw.Update(Raw.Cat(Raw.Origin(), Raw.AsPath(Raw.HostileAs), reach), []));
        await ExpectResetAsync(slot, peer, ErrorCode.UpdateMessage, UpdateSubcode.OptionalAttributeError, reach);
    }

    /// <summary>RFC 4271 §6.3, RFC 7606 §5.3: an NLRI field that cannot be parsed is Invalid Network Field.</summary>
    [Fact]
    public async Task NlriPrefixLength33GetsInvalidNetworkField()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Update(Raw.Mandatory(), [33, 10, 0, 0, 0, 0]));
        await ExpectResetAsync(slot, peer, ErrorCode.UpdateMessage, UpdateSubcode.InvalidNetworkField);
    }

    [Fact]
    public async Task NlriCutShortGetsInvalidNetworkField()
    {
        var (slot, peer) = await EstablishAsync();
        await peer.SendAsync(Raw.Update(Raw.Mandatory(), [24, 10, (byte)slot.Index]));
        await ExpectResetAsync(slot, peer, ErrorCode.UpdateMessage, UpdateSubcode.InvalidNetworkField);
    }

    /// <summary>RFC 7606 §4 relies on Total Path Attribute Length to find the NLRI; one that overruns the message is Malformed Attribute List.</summary>
    [Fact]
    public async Task AttributeLengthBeyondTheMessageGetsMalformedAttributeList()
    {
        var (slot, peer) = await EstablishAsync();
        var attributes = Raw.Mandatory();
        var body = Raw.Cat(Raw.U16(0), Raw.U16(attributes.Length + 10), attributes);
        await peer.SendAsync(Raw.Message(Wire.Framing.MessageType.Update, body));
        await ExpectResetAsync(slot, peer, ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList);
    }

    /// <summary>RFC 4271 §6.3: data is the unrecognized attribute (type, length, value).</summary>
    [Fact]
    public async Task UnknownWellKnownAttributeGetsUnrecognizedWellKnownAttribute()
    {
        var (slot, peer) = await EstablishAsync();
        var unknown = Raw.Attr(Raw.WellKnown, 200, 1, 2);
        await peer.SendAsync(Raw.Announce(slot.Subject, unknown));
        await ExpectResetAsync(slot, peer, ErrorCode.UpdateMessage, UpdateSubcode.UnrecognizedWellKnownAttribute, unknown);
    }
}
