using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Session.Fsm;

/// <summary>
/// The configuration of one session (RFC 4271 §8 session attributes). Defaults suit a node speaker
/// peering with its leaves and a local load-balancer speaker, where fast recovery matters more than
/// the caution of an Internet border.
/// </summary>
public sealed record PeerSettings
{
    /// <summary>RFC 4271 §10 suggests 4 minutes as the hold time while waiting for the peer's OPEN.</summary>
    public static readonly TimeSpan OpenSentHoldTime = TimeSpan.FromMinutes(4);

    public required uint LocalAs { get; init; }

    public required uint LocalRouterId { get; init; }

    public required ExpectedAs RemoteAs { get; init; }

    /// <summary>Proposed hold time; the session uses the smaller of both sides'.</summary>
    public HoldTime HoldTime { get; init; } = HoldTime.FromSeconds(90);

    /// <summary>Keepalive interval; null means a third of the negotiated hold time (RFC 4271 §10).</summary>
    public TimeSpan? KeepaliveTime { get; init; }

    /// <summary>
    /// 5 s rather than the 120 s RFC 4271 §10 suggests: peers are one hop away, a leaf or the local
    /// load-balancer speaker that restarts should be back within seconds, and a refused connect costs nothing.
    /// </summary>
    public TimeSpan ConnectRetryTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Never connect out; wait in Active for the peer (RFC 4271 §8.1.1 PassiveTcpEstablishment).</summary>
    public bool Passive { get; init; }

    /// <summary>RFC 4271 §8.1.1 DelayOpen: after the connection comes up, wait for the peer's OPEN before sending ours.</summary>
    public bool DelayOpen { get; init; }

    public TimeSpan DelayOpenTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// First idle hold after a failure; it doubles per consecutive failure (DampPeerOscillations) up to
    /// <see cref="IdleHoldTimeMax"/>. The configuration's <c>idleHold: { initial, max }</c>.
    /// </summary>
    public TimeSpan IdleHoldTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest idle hold, however many failures came before.</summary>
    public TimeSpan IdleHoldTimeMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A session that stayed Established this long was stable: its failure starts the back-off afresh.
    /// (A peer's administrative Cease of an Established session starts it afresh at once.)
    /// </summary>
    public TimeSpan IdleHoldResetAfter { get; init; } = TimeSpan.FromSeconds(60);

    public CapabilitySettings Capabilities { get; init; } = new();

    /// <summary>Throws for values no session could run with; configuration validation should catch them first.</summary>
    public void Validate()
    {
        if (LocalRouterId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LocalRouterId), "router id 0.0.0.0 is not allowed (RFC 6286)");
        }
        RequirePositive(ConnectRetryTime, nameof(ConnectRetryTime));
        RequirePositive(DelayOpenTime, nameof(DelayOpenTime));
        if (KeepaliveTime is { } keepalive)
        {
            RequirePositive(keepalive, nameof(KeepaliveTime));
        }
        if (IdleHoldTime < TimeSpan.Zero || IdleHoldTimeMax < IdleHoldTime)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleHoldTimeMax), "idle hold times must satisfy 0 <= base <= max");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
