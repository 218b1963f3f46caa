using System.Net;
using BgpSpeaker.Session.Fsm;
using Microsoft.Extensions.Logging;

namespace BgpSpeaker.Daemon;

/// <summary>Log lines of BGP sessions and their connections (1100–1199). Ids and texts are a stable interface.</summary>
[LogEventRange(1100, 1199)]
internal static partial class SessionLog
{
    [LoggerMessage(1100, LogLevel.Information, "neighbor {Peer}: {Previous} -> {Current}", EventName = "SessionStateChanged")]
    public static partial void StateChanged(ILogger logger, string peer, SessionState previous, SessionState current);

    [LoggerMessage(1101, LogLevel.Information, "neighbor {Peer}: established, AS{RemoteAs} router-id {RouterId} {Host}hold {Hold}s, families {Families}", EventName = "SessionEstablished")]
    public static partial void Established(ILogger logger, string peer, uint remoteAs, string routerId, string host, int hold, string families);

    [LoggerMessage(1102, LogLevel.Warning, "neighbor {Peer}: down: {Reason}", EventName = "SessionDown")]
    public static partial void Down(ILogger logger, string peer, string reason);

    [LoggerMessage(1103, LogLevel.Information, "neighbor {Peer}: {Remote} {What}", EventName = "ConnectionNote")]
    public static partial void ConnectionNote(ILogger logger, string peer, string remote, string what);

    [LoggerMessage(1104, LogLevel.Warning, "refused {Count} connection(s) from {Source}: no neighbor configured for that address (reported at most every 10 s)", EventName = "UnknownPeerRefused")]
    public static partial void UnknownPeer(ILogger logger, IPAddress source, long count);

    [LoggerMessage(1107, LogLevel.Warning, "refused {Count} connection(s) from {Source}: every session of its local peer is busy (maxPeers; reported at most every 10 s)", EventName = "LocalPeerFullRefused")]
    public static partial void LocalPeerFull(ILogger logger, IPAddress source, long count);

    [LoggerMessage(1105, LogLevel.Warning, "refused {Count} connection(s) from {Source}: it already has {Limit} connections without an established session (reported at most every 10 s)", EventName = "TooManyPendingRefused")]
    public static partial void TooManyPending(ILogger logger, IPAddress source, long count, int limit);

    [LoggerMessage(1106, LogLevel.Information, "neighbor {Peer}: {What}: {Count} more since the last report (reported at most every 10 s)", EventName = "ConnectionNoteRepeated")]
    public static partial void ConnectionNoteRepeated(ILogger logger, string peer, string what, long count);
}
