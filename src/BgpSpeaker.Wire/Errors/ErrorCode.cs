namespace BgpSpeaker.Wire.Errors;

/// <summary>NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313).</summary>
public enum ErrorCode : byte
{
    MessageHeader = 1,
    OpenMessage = 2,
    UpdateMessage = 3,
    HoldTimerExpired = 4,
    FiniteStateMachine = 5,
    Cease = 6,
    RouteRefresh = 7,
}

/// <summary>Message Header Error subcodes (RFC 4271 §6.1).</summary>
public static class HeaderSubcode
{
    public const byte ConnectionNotSynchronized = 1;
    public const byte BadMessageLength = 2;
    public const byte BadMessageType = 3;
}

/// <summary>OPEN Message Error subcodes (RFC 4271 §6.2, RFC 5492, RFC 9234).</summary>
public static class OpenSubcode
{
    public const byte Unspecific = 0;
    public const byte UnsupportedVersion = 1;
    public const byte BadPeerAs = 2;
    public const byte BadBgpIdentifier = 3;
    public const byte UnsupportedOptionalParameter = 4;
    public const byte UnacceptableHoldTime = 6;
    public const byte UnsupportedCapability = 7;
    public const byte RoleMismatch = 11;
}

/// <summary>UPDATE Message Error subcodes (RFC 4271 §6.3).</summary>
public static class UpdateSubcode
{
    public const byte MalformedAttributeList = 1;
    public const byte UnrecognizedWellKnownAttribute = 2;
    public const byte MissingWellKnownAttribute = 3;
    public const byte AttributeFlagsError = 4;
    public const byte AttributeLengthError = 5;
    public const byte InvalidOriginAttribute = 6;
    public const byte InvalidNextHopAttribute = 8;
    public const byte OptionalAttributeError = 9;
    public const byte InvalidNetworkField = 10;
    public const byte MalformedAsPath = 11;
}

/// <summary>Finite State Machine Error subcodes (RFC 6608).</summary>
public static class FsmSubcode
{
    public const byte Unspecified = 0;
    public const byte UnexpectedInOpenSent = 1;
    public const byte UnexpectedInOpenConfirm = 2;
    public const byte UnexpectedInEstablished = 3;
}

/// <summary>Cease subcodes (RFC 4486, RFC 9003).</summary>
public static class CeaseSubcode
{
    public const byte MaximumPrefixesReached = 1;
    public const byte AdministrativeShutdown = 2;
    public const byte PeerDeconfigured = 3;
    public const byte AdministrativeReset = 4;
    public const byte ConnectionRejected = 5;
    public const byte OtherConfigurationChange = 6;
    public const byte ConnectionCollisionResolution = 7;
    public const byte OutOfResources = 8;
    public const byte HardReset = 9;
    public const byte BfdDown = 10;
}

/// <summary>ROUTE-REFRESH Message Error subcodes (RFC 7313 §5).</summary>
public static class RouteRefreshSubcode
{
    public const byte InvalidMessageLength = 1;
}
