namespace BgpSpeaker.Configuration;

/// <summary>
/// <c>BGPSPEAKER_*</c> variables that override top-level settings of the file, so one file can serve
/// every node of a DaemonSet (router id, hostname and the node's own prefix from the downward API).
/// </summary>
public static class EnvironmentOverrides
{
    public const string Prefix = "BGPSPEAKER_";
    public const string Asn = "BGPSPEAKER_ASN";
    public const string RouterId = "BGPSPEAKER_ROUTERID";
    public const string Hostname = "BGPSPEAKER_HOSTNAME";
    public const string ListenPort = "BGPSPEAKER_LISTEN_PORT";

    /// <summary>Prefixes announced beside the file's <c>networks</c> (each node's own /32), comma- or space-separated.</summary>
    public const string Networks = "BGPSPEAKER_NETWORKS";

    /// <summary>Every variable the loader reads.</summary>
    public static IReadOnlyList<string> All { get; } = [Asn, RouterId, Hostname, ListenPort, Networks];
}
