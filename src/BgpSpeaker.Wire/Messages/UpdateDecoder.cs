using System.Buffers.Binary;
using BgpSpeaker.Wire.Attributes;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Messages;

/// <summary>
/// Decodes an UPDATE body with RFC 7606 error handling. The layout checks that would leave the NLRI
/// unlocatable reset the session; attribute problems are classified one by one and the strongest
/// action is kept with the message.
/// </summary>
public static class UpdateDecoder
{
    public static DecodeResult Decode(ReadOnlyMemory<byte> body, CodecContext context)
    {
        var span = body.Span;
        if (span.Length < 4)
        {
            return Fail(UpdateSubcode.MalformedAttributeList, $"UPDATE body of {span.Length} octets is too short");
        }
        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(span);
        if (2 + withdrawnLength + 2 > span.Length)
        {
            return Fail(UpdateSubcode.MalformedAttributeList, $"withdrawn routes length {withdrawnLength} overruns the message");
        }
        int attributesLength = BinaryPrimitives.ReadUInt16BigEndian(span[(2 + withdrawnLength)..]);
        int attributesStart = 4 + withdrawnLength;
        if (attributesStart + attributesLength > span.Length)
        {
            return Fail(UpdateSubcode.MalformedAttributeList, $"total path attribute length {attributesLength} overruns the message");
        }

        bool pathIds = context.ReceivesPathId(AfiSafi.Ipv4Unicast);
        if (NlriBlock.TryCreate(AfiSafi.Ipv4Unicast, body.Slice(2, withdrawnLength), pathIds, out var withdrawn) is { } badWithdrawn)
        {
            return Fail(UpdateSubcode.InvalidNetworkField, $"withdrawn routes: {badWithdrawn}");
        }
        if (NlriBlock.TryCreate(AfiSafi.Ipv4Unicast, body[(attributesStart + attributesLength)..], pathIds, out var nlri) is { } badNlri)
        {
            return Fail(UpdateSubcode.InvalidNetworkField, $"NLRI: {badNlri}");
        }

        var parser = new AttributeDecoder(context);
        parser.Parse(body.Slice(attributesStart, attributesLength));
        if (parser.Fatal is { } fatal)
        {
            return DecodeResult.Fail(fatal);
        }
        parser.CheckMandatory(hasClassicNlri: !nlri.IsEmpty);

        return DecodeResult.Ok(new UpdateMessage
        {
            Withdrawn = withdrawn,
            Nlri = nlri,
            Attributes = parser.BuildAttributes(),
            NextHop = parser.NextHop,
            MpReach = parser.MpReach,
            MpUnreach = parser.MpUnreach,
            Errors = parser.Errors,
            Action = parser.Strongest,
        });
    }

    private static DecodeResult Fail(byte subcode, string reason) =>
        DecodeResult.Fail(BgpError.Reset(ErrorCode.UpdateMessage, subcode, reason));
}
