using System.Buffers.Binary;
using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Negotiation;

/// <summary>
/// The OPEN checks that need the session's configuration (RFC 4271 §6.2); the codec already checked
/// the version, hold times 1-2 and BGP Identifier 0.
/// </summary>
public static class OpenValidator
{
    public static BgpError? Validate(OpenMessage remote, PeerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(settings);
        uint asn = remote.AsNumber;
        if (!settings.RemoteAs.Accepts(asn, settings.LocalAs))
        {
            // The data carries the 2-octet My AS field as received, so the peer sees what it sent.
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, remote.MyAs);
            return BgpError.Reset(ErrorCode.OpenMessage, OpenSubcode.BadPeerAs, $"peer AS {asn}, expected {settings.RemoteAs}", data);
        }
        // RFC 6286 §2.2: a shared identifier is an error only inside one AS.
        if (remote.BgpIdentifier == settings.LocalRouterId && asn == settings.LocalAs)
        {
            return BgpError.Reset(ErrorCode.OpenMessage, OpenSubcode.BadBgpIdentifier,
                $"internal peer uses our BGP identifier {FormatId(remote.BgpIdentifier)}");
        }
        if (remote.HoldTimeSeconds is 1 or 2)
        {
            return BgpError.Reset(ErrorCode.OpenMessage, OpenSubcode.UnacceptableHoldTime, $"hold time {remote.HoldTimeSeconds} s is below 3 s");
        }
        return null;
    }

    public static string FormatId(uint id) => $"{id >> 24}.{(id >> 16) & 0xff}.{(id >> 8) & 0xff}.{id & 0xff}";
}
