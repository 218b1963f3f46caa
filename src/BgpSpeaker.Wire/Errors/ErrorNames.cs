namespace BgpSpeaker.Wire.Errors;

/// <summary>Human names for NOTIFICATION codes, as operators read them in logs and the CLI.</summary>
public static class ErrorNames
{
    public static string Describe(ErrorCode code, byte subcode) => $"{CodeName(code)}/{SubcodeName(code, subcode)}";

    public static string CodeName(ErrorCode code) => code switch
    {
        ErrorCode.MessageHeader => "Message Header Error",
        ErrorCode.OpenMessage => "OPEN Message Error",
        ErrorCode.UpdateMessage => "UPDATE Message Error",
        ErrorCode.HoldTimerExpired => "Hold Timer Expired",
        ErrorCode.FiniteStateMachine => "Finite State Machine Error",
        ErrorCode.Cease => "Cease",
        ErrorCode.RouteRefresh => "ROUTE-REFRESH Message Error",
        _ => $"code {(byte)code}",
    };

    public static string SubcodeName(ErrorCode code, byte subcode) => (code, subcode) switch
    {
        (ErrorCode.MessageHeader, HeaderSubcode.ConnectionNotSynchronized) => "Connection Not Synchronized",
        (ErrorCode.MessageHeader, HeaderSubcode.BadMessageLength) => "Bad Message Length",
        (ErrorCode.MessageHeader, HeaderSubcode.BadMessageType) => "Bad Message Type",
        (ErrorCode.OpenMessage, OpenSubcode.UnsupportedVersion) => "Unsupported Version Number",
        (ErrorCode.OpenMessage, OpenSubcode.BadPeerAs) => "Bad Peer AS",
        (ErrorCode.OpenMessage, OpenSubcode.BadBgpIdentifier) => "Bad BGP Identifier",
        (ErrorCode.OpenMessage, OpenSubcode.UnsupportedOptionalParameter) => "Unsupported Optional Parameter",
        (ErrorCode.OpenMessage, OpenSubcode.UnacceptableHoldTime) => "Unacceptable Hold Time",
        (ErrorCode.OpenMessage, OpenSubcode.UnsupportedCapability) => "Unsupported Capability",
        (ErrorCode.OpenMessage, OpenSubcode.RoleMismatch) => "Role Mismatch",
        (ErrorCode.UpdateMessage, UpdateSubcode.MalformedAttributeList) => "Malformed Attribute List",
        (ErrorCode.UpdateMessage, UpdateSubcode.UnrecognizedWellKnownAttribute) => "Unrecognized Well-known Attribute",
        (ErrorCode.UpdateMessage, UpdateSubcode.MissingWellKnownAttribute) => "Missing Well-known Attribute",
        (ErrorCode.UpdateMessage, UpdateSubcode.AttributeFlagsError) => "Attribute Flags Error",
        (ErrorCode.UpdateMessage, UpdateSubcode.AttributeLengthError) => "Attribute Length Error",
        (ErrorCode.UpdateMessage, UpdateSubcode.InvalidOriginAttribute) => "Invalid ORIGIN Attribute",
        (ErrorCode.UpdateMessage, UpdateSubcode.InvalidNextHopAttribute) => "Invalid NEXT_HOP Attribute",
        (ErrorCode.UpdateMessage, UpdateSubcode.OptionalAttributeError) => "Optional Attribute Error",
        (ErrorCode.UpdateMessage, UpdateSubcode.InvalidNetworkField) => "Invalid Network Field",
        (ErrorCode.UpdateMessage, UpdateSubcode.MalformedAsPath) => "Malformed AS_PATH",
        (ErrorCode.FiniteStateMachine, FsmSubcode.UnexpectedInOpenSent) => "Unexpected Message in OpenSent",
        (ErrorCode.FiniteStateMachine, FsmSubcode.UnexpectedInOpenConfirm) => "Unexpected Message in OpenConfirm",
        (ErrorCode.FiniteStateMachine, FsmSubcode.UnexpectedInEstablished) => "Unexpected Message in Established",
        (ErrorCode.Cease, CeaseSubcode.MaximumPrefixesReached) => "Maximum Number of Prefixes Reached",
        (ErrorCode.Cease, CeaseSubcode.AdministrativeShutdown) => "Administrative Shutdown",
        (ErrorCode.Cease, CeaseSubcode.PeerDeconfigured) => "Peer De-configured",
        (ErrorCode.Cease, CeaseSubcode.AdministrativeReset) => "Administrative Reset",
        (ErrorCode.Cease, CeaseSubcode.ConnectionRejected) => "Connection Rejected",
        (ErrorCode.Cease, CeaseSubcode.OtherConfigurationChange) => "Other Configuration Change",
        (ErrorCode.Cease, CeaseSubcode.ConnectionCollisionResolution) => "Connection Collision Resolution",
        (ErrorCode.Cease, CeaseSubcode.OutOfResources) => "Out of Resources",
        (ErrorCode.Cease, CeaseSubcode.HardReset) => "Hard Reset",
        (ErrorCode.Cease, CeaseSubcode.BfdDown) => "BFD Down",
        (ErrorCode.RouteRefresh, RouteRefreshSubcode.InvalidMessageLength) => "Invalid Message Length",
        (_, 0) => "Unspecific",
        _ => $"subcode {subcode}",
    };
}
