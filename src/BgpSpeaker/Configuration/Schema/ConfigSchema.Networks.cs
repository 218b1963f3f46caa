using BgpSpeaker.Configuration.Reading;

namespace BgpSpeaker.Configuration.Schema;

internal static partial class ConfigSchema
{
    public static class Network
    {
        public static readonly ValueKey<ulong> Med = Key.Number("med", 0, uint.MaxValue, "", "MULTI_EXIT_DISC to announce.");

        public static readonly ConfigSection Section = new("networks[]", "network", "A prefix we originate (the node IP, the API VIP).",
        [
            Key.Of("prefix", "prefix, no host bits", "required", "e.g. 10.0.0.11/32."),
            Key.Of("communities", "list: ASN:VALUE or no-export, no-advertise, no-export-subconfed, graceful-shutdown", "", "Communities to attach."),
            Key.Of("largeCommunities", "list: GLOBAL:LOCAL1:LOCAL2", "", "Large communities (RFC 8092) to attach."),
            Med,
            Key.Holding("health", "mapping", Health.Section, "always announced", "Announce only while healthy."),
        ]);
    }

    public static class Health
    {
        public static readonly ValueKey<TimeSpan> Interval = Key.Seconds("interval", 1, 3600, "2", "Seconds between checks.");

        public static readonly ValueKey<TimeSpan> Timeout = Key.Seconds("timeout", 1, 3600, "1 (at most the interval)", "A check slower than this failed.");

        public static readonly ValueKey<ulong> Rise = Key.Number("rise", 1, 100, "2", "Successes in a row to turn up.");

        public static readonly ValueKey<ulong> Fall = Key.Number("fall", 1, 100, "3", "Failures in a row to turn down.");

        public static readonly ValueKey<ulong> MinFabricSessions = Key.Number("minFabricSessions", 0, 1024, "0",
            "Announce only while at least this many fabric sessions are Established.");

        public static readonly ValueKey<ulong> Status = Key.Number("status", 100, 599, "200", "The status that means healthy.");

        public static readonly ValueKey<bool> InsecureSkipVerify = Key.Bool("insecureSkipVerify", false, "Do not check the server's certificate.");

        public static readonly ConfigSection HttpSection = new("networks[].health.http", "health.http", "An HTTP(S) GET.",
        [
            Key.Of("url", "http:// or https:// URL", "required", "e.g. https://127.0.0.1:6443/readyz."),
            Status,
            Key.Of("ca", "path of a PEM file", "the system's CAs", "CA to check the server's certificate against (its name must match)."),
            InsecureSkipVerify,
        ], "health.http.");

        public static readonly ValueKey<bool> Exists = Key.Bool("exists", false, "true: the file must exist; false: it must not (a maintenance flag).");

        public static readonly ConfigSection FileSection = new("networks[].health.file", "health.file", "A file whose presence (or absence) is the verdict.",
        [
            Key.Of("path", "absolute path", "required", "e.g. /etc/bgpspeaker/maintenance."),
            Exists,
        ], "health.file.");

        public static readonly ValueKey<ulong> FailureMed = Key.Number("med", 0, uint.MaxValue, "", "Announce with this MED instead.");

        public static readonly ValueKey<ulong> FailurePrepend = Key.Number("prepend", 1, 10, "", "Announce with our AS prepended this many times.");

        public static readonly ConfigSection OnFailureSection = new("networks[].health.onFailure", "health.onFailure",
            "What an unhealthy network is announced as, when not withdrawn (one of the keys).", [FailureMed, FailurePrepend], "health.onFailure.");

        public static readonly ConfigSection Section = new("networks[].health", "health", "Probes that must all be up for the network to be announced.",
        [
            Key.Of("preset", "kubernetes-api", "", "GET https://127.0.0.1:6443/readyz must answer 200 (certificate not checked)."),
            Key.Holding("http", "mapping", HttpSection, "", "An HTTP(S) probe."),
            Key.Of("tcp", "ADDRESS:PORT", "", "A TCP connection must be accepted."),
            Key.Holding("file", "mapping", FileSection, "", "A file probe."),
            Interval, Timeout, Rise, Fall,
            Key.Holding("onFailure", "withdraw \\| graceful-shutdown \\| mapping", OnFailureSection, "withdraw",
                "Withdraw, or announce with GRACEFUL_SHUTDOWN (RFC 8326), a MED or a prepend."),
            MinFabricSessions,
        ], "health.");
    }
}
