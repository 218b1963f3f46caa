using System.Buffers.Binary;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Errors;

namespace BgpSpeaker.Wire.Messages;

/// <summary>
/// Decodes an OPEN body, including RFC 9072 extended optional parameters, and applies the checks that
/// need no configuration (RFC 4271 §6.2): version, hold time 1 or 2, BGP Identifier 0 (RFC 6286).
/// The peer-AS check belongs to the session, which knows whom it expects.
/// </summary>
public static class OpenDecoder
{
    public const byte CapabilitiesParameter = 2;

    /// <summary>RFC 9072: a first parameter of type 255 announces 2-octet parameter lengths.</summary>
    private const byte ExtendedParametersMarker = 255;

    public static DecodeResult Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < 10)
        {
            return Fail(OpenSubcode.Unspecific, $"OPEN body of {body.Length} octets is too short");
        }
        byte version = body[0];
        if (version != 4)
        {
            // RFC 4271 §6.2: the data is the largest version we support.
            return DecodeResult.Fail(BgpError.Reset(ErrorCode.OpenMessage, OpenSubcode.UnsupportedVersion,
                $"version {version} is not supported", [0, 4]));
        }
        ushort myAs = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        ushort holdTime = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        uint bgpId = BinaryPrimitives.ReadUInt32BigEndian(body[5..]);
        if (holdTime is 1 or 2)
        {
            return Fail(OpenSubcode.UnacceptableHoldTime, $"hold time {holdTime} s is below 3 s");
        }
        if (bgpId == 0)
        {
            return Fail(OpenSubcode.BadBgpIdentifier, "BGP identifier 0.0.0.0 is not allowed (RFC 6286)");
        }

        var capabilities = new List<Capability>();
        if (ReadParameters(body[9..], capabilities) is { } error)
        {
            return DecodeResult.Fail(error);
        }
        return DecodeResult.Ok(new OpenMessage
        {
            Version = version,
            MyAs = myAs,
            HoldTimeSeconds = holdTime,
            BgpIdentifier = bgpId,
            Capabilities = capabilities,
        });
    }

    private static BgpError? ReadParameters(ReadOnlySpan<byte> rest, List<Capability> capabilities)
    {
        int declared = rest[0];
        bool extended = declared == 255 && rest.Length >= 4 && rest[1] == ExtendedParametersMarker;
        int start = 1;
        if (extended)
        {
            declared = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            start = 4;
        }
        if (rest.Length - start != declared)
        {
            return Reset(OpenSubcode.Unspecific, $"optional parameters length {declared} does not match the {rest.Length - start} octets present");
        }
        var parameters = rest[start..];
        int lengthSize = extended ? 2 : 1;
        int offset = 0;
        while (offset < parameters.Length)
        {
            if (parameters.Length - offset < 1 + lengthSize)
            {
                return Reset(OpenSubcode.Unspecific, "optional parameter header is truncated");
            }
            byte type = parameters[offset];
            int length = extended ? BinaryPrimitives.ReadUInt16BigEndian(parameters[(offset + 1)..]) : parameters[offset + 1];
            offset += 1 + lengthSize;
            if (parameters.Length - offset < length)
            {
                return Reset(OpenSubcode.Unspecific, $"optional parameter {type} of length {length} overruns the OPEN");
            }
            if (type != CapabilitiesParameter)
            {
                return Reset(OpenSubcode.UnsupportedOptionalParameter, $"optional parameter type {type} is not supported");
            }
            if (ReadCapabilities(parameters.Slice(offset, length), capabilities) is { } error)
            {
                return error;
            }
            offset += length;
        }
        return null;
    }

    private static BgpError? ReadCapabilities(ReadOnlySpan<byte> parameter, List<Capability> capabilities)
    {
        int offset = 0;
        while (offset < parameter.Length)
        {
            if (parameter.Length - offset < 2)
            {
                return Reset(OpenSubcode.Unspecific, "capability header is truncated");
            }
            byte code = parameter[offset];
            int length = parameter[offset + 1];
            offset += 2;
            if (parameter.Length - offset < length)
            {
                return Reset(OpenSubcode.Unspecific, $"capability {code} of length {length} overruns its parameter");
            }
            var capability = CapabilityCodec.Decode(code, parameter.Slice(offset, length), out var problem);
            if (capability is null)
            {
                return Reset(OpenSubcode.Unspecific, problem!);
            }
            capabilities.Add(capability);
            offset += length;
        }
        return null;
    }

    private static BgpError Reset(byte subcode, string reason) => BgpError.Reset(ErrorCode.OpenMessage, subcode, reason);

    private static DecodeResult Fail(byte subcode, string reason) => DecodeResult.Fail(Reset(subcode, reason));
}
