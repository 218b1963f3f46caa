using BgpSpeaker.Session.Fsm;
using BgpSpeaker.Wire.Capabilities;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;
using Microsoft.Extensions.Time.Testing;

namespace BgpSpeaker.Session.Tests.Fsm;

/// <summary>A jitter source that always yields the same factor: 0 gives 0.75 × interval, close to 1 gives ~1 ×.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}

internal static class Peer
{
    public const uint LocalAs = 65001;
    public const uint RemoteAs = 65002;
    public const uint LocalId = 0x0A000001;  // 10.0.0.1
    public const uint RemoteId = 0x0A000002; // 10.0.0.2

    public static PeerSettings Settings(Func<PeerSettings, PeerSettings>? change = null)
    {
        var settings = new PeerSettings { LocalAs = LocalAs, LocalRouterId = LocalId, RemoteAs = ExpectedAs.Of(RemoteAs) };
        return change is null ? settings : change(settings);
    }

    public static OpenMessage Open(uint asn = RemoteAs, ushort hold = 90, uint id = RemoteId, params Capability[] capabilities) =>
        OpenMessage.Create(asn, hold, id, capabilities.Length > 0 ? capabilities : DefaultCapabilities(asn));

    public static Capability[] DefaultCapabilities(uint asn) =>
    [
        new MultiprotocolCapability(AfiSafi.Ipv4Unicast),
        new MultiprotocolCapability(AfiSafi.Ipv6Unicast),
        new RouteRefreshCapability(),
        new FourOctetAsCapability(asn),
    ];
}

/// <summary>One FSM on a fake clock, with the scripted paths most tests start from.</summary>
internal sealed class Harness
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Harness(PeerSettings? settings = null, Random? random = null) =>
        Fsm = new SessionFsm(settings ?? Peer.Settings(), random ?? new FixedRandom(0.5));

    public FakeTimeProvider Clock { get; } = new(Start);

    public SessionFsm Fsm { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public SessionState State => Fsm.State;

    public IReadOnlyList<SessionAction> Handle(SessionEvent e) => Fsm.Handle(e, Now);

    public IReadOnlyList<SessionAction> Advance(TimeSpan by)
    {
        Clock.Advance(by);
        return Fsm.Tick(Now);
    }

    public IReadOnlyList<SessionAction> AdvanceTo(DateTimeOffset? at)
    {
        Assert.NotNull(at);
        Clock.SetUtcNow(at.Value);
        return Fsm.Tick(Now);
    }

    public Harness ToOpenSent()
    {
        Handle(new SessionEvent.ManualStart());
        Handle(Fsm.Settings.Passive ? new SessionEvent.TcpConnectionConfirmed() : new SessionEvent.TcpCrAcked());
        Assert.Equal(SessionState.OpenSent, State);
        return this;
    }

    public Harness ToOpenConfirm(OpenMessage? open = null)
    {
        ToOpenSent();
        Handle(new SessionEvent.BgpOpen(open ?? Peer.Open()));
        Assert.Equal(SessionState.OpenConfirm, State);
        return this;
    }

    public Harness ToEstablished(OpenMessage? open = null)
    {
        ToOpenConfirm(open);
        Handle(new SessionEvent.KeepAliveMsg());
        Assert.Equal(SessionState.Established, State);
        return this;
    }

    public Harness To(SessionState state) => state switch
    {
        SessionState.OpenSent => ToOpenSent(),
        SessionState.OpenConfirm => ToOpenConfirm(),
        SessionState.Established => ToEstablished(),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}

internal static class Actions
{
    /// <summary>Action type names in order, so a whole sequence is checked at once.</summary>
    public static string[] Names(IReadOnlyList<SessionAction> actions) => [.. actions.Select(a => a.GetType().Name)];

    public static T Single<T>(IReadOnlyList<SessionAction> actions) where T : SessionAction =>
        Assert.Single(actions.OfType<T>());
}
