using System.Net;

namespace BgpSpeaker.Configuration;

/// <summary>
/// A network announced only while its probes pass (and, optionally, while enough fabric sessions are
/// up): each probe turns up after <see cref="Rise"/> successes in a row and down after <see cref="Fall"/>
/// failures; until a probe has risen, it counts as down.
/// </summary>
public sealed record HealthConfig
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Every probe must be up; at least one probe or a fabric gate.</summary>
    public ValueList<ProbeConfig> Probes { get; init; } = [];

    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>A probe slower than this failed (never longer than the interval).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public int Rise { get; init; } = 2;

    public int Fall { get; init; } = 3;

    public FailureAction OnFailure { get; init; } = FailureAction.Withdraw;

    /// <summary>Announce only while at least this many fabric sessions are Established; 0: no gate.</summary>
    public int MinFabricSessions { get; init; }
}

/// <summary>What a probe checks.</summary>
public abstract record ProbeConfig
{
    /// <summary>In words for show health and the log: "https://127.0.0.1:6443/readyz", "tcp 127.0.0.1:6443", ...</summary>
    public abstract string Describe();
}

/// <summary>GET <paramref name="Url"/> answers <paramref name="Status"/>. HTTPS checks the server against <paramref name="CaFile"/> (PEM), else the system's CAs, unless <paramref name="InsecureSkipVerify"/>.</summary>
public sealed record HttpProbe(Uri Url, int Status, string? CaFile, bool InsecureSkipVerify) : ProbeConfig
{
    public override string Describe() => $"GET {Url} → {Status}";
}

/// <summary>A TCP connection to <paramref name="Target"/> is accepted.</summary>
public sealed record TcpProbe(IPEndPoint Target) : ProbeConfig
{
    public override string Describe() => $"tcp {Target}";
}

/// <summary>The file exists (<paramref name="MustExist"/>) or does not (a maintenance switch).</summary>
public sealed record FileProbe(string Path, bool MustExist) : ProbeConfig
{
    public override string Describe() => MustExist ? $"file {Path} exists" : $"file {Path} absent";
}

/// <summary>What happens to the prefix while its health fails.</summary>
public sealed record FailureAction(FailureKind Kind, uint Value = 0)
{
    public static readonly FailureAction Withdraw = new(FailureKind.Withdraw);
    public static readonly FailureAction GracefulShutdown = new(FailureKind.GracefulShutdown);

    public override string ToString() => Kind switch
    {
        FailureKind.Withdraw => "withdraw",
        FailureKind.GracefulShutdown => "announce with GRACEFUL_SHUTDOWN (RFC 8326)",
        FailureKind.Med => $"announce with MED {Value}",
        _ => $"announce with our AS prepended {Value} time(s)",
    };
}

public enum FailureKind
{
    Withdraw,
    GracefulShutdown,
    Med,
    Prepend,
}
