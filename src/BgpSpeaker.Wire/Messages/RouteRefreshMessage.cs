using BgpSpeaker.Wire.Framing;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Wire.Messages;

/// <summary>RFC 7313 subtypes: a plain request, or the demarcation of a refreshed Adj-RIB-Out.</summary>
public enum RouteRefreshSubtype : byte
{
    Request = 0,
    BeginningOfRouteRefresh = 1,
    EndOfRouteRefresh = 2,
}

/// <summary>
/// ROUTE-REFRESH (RFC 2918, RFC 7313):
/// <code>
///  0       7      15      23      31
///  +-------+-------+-------+-------+
///  |      AFI      |Subtype| SAFI  |
///  +-------+-------+-------+-------+
/// </code>
/// </summary>
public sealed class RouteRefreshMessage(AfiSafi family, RouteRefreshSubtype subtype = RouteRefreshSubtype.Request) : BgpMessage
{
    public override MessageType Type => MessageType.RouteRefresh;

    public AfiSafi Family { get; } = family;
    public RouteRefreshSubtype Subtype { get; } = subtype;
}
