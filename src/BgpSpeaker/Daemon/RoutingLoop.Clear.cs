using System.Buffers;
using System.Text.Json;
using BgpSpeaker.Control;
using BgpSpeaker.Routing.Export;
using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;

namespace BgpSpeaker.Daemon;

/// <summary>clear neighbor NAME [soft], as an operator asks it over the control socket.</summary>
internal sealed partial class RoutingLoop
{
    public async Task<string> ClearAsync(string neighbor, bool soft, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await PostAsync(new RoutingWork.Clear(neighbor, soft, answer), cancellationToken).ConfigureAwait(false);
        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hard: a Cease (administrative reset, RFC 4486) and at once a new session; the peer's routes go
    /// with the old one. Soft: ROUTE-REFRESH for every family (the peer resends, import policy sees it
    /// all again) and our whole table to it again, with no reset; only on an established session.
    /// </summary>
    private async ValueTask OnClearAsync(RoutingWork.Clear clear, CancellationToken cancellationToken)
    {
        var peer = Peers.FirstOrDefault(p => p.Name == clear.Neighbor || p.Config.Key == clear.Neighbor);
        if (peer is null)
        {
            clear.Answer.TrySetResult(Error($"no neighbor named '{clear.Neighbor}'; show neighbors lists them"));
            return;
        }
        if (peer.Config.Shutdown)
        {
            clear.Answer.TrySetResult(Error($"neighbor {peer.Name} is shut down by the configuration (shutdown: true); nothing to clear"));
            return;
        }
        if (!clear.Soft)
        {
            peer.Runner.Shutdown(NotificationMessage.Shutdown(CeaseSubcode.AdministrativeReset, "cleared by the operator"));
            peer.Runner.StartSession();
            clear.Answer.TrySetResult(Done(peer, soft: false, "reset (Cease, administrative reset); a new session starts now"));
            return;
        }
        if (peer.Export is not { } target || peer.Runner.Negotiated is not { } session)
        {
            clear.Answer.TrySetResult(Error($"neighbor {peer.Name} is {peer.Runner.Fsm.State}, not Established: nothing to refresh (clear it without soft to reset it)"));
            return;
        }
        bool refreshed = await RefreshFromAsync(peer, cancellationToken).ConfigureAwait(false);
        var output = new ArrayBufferWriter<byte>();
        var (updates, announced) = UpdateBuilder.FullTable(output, Core, target, session.Families);
        await SendAsync(peer, output, updates, announced, net: 0, cancellationToken).ConfigureAwait(false);
        string inbound = refreshed ? "route refresh asked" : "the peer does not support route refresh, nothing asked";
        clear.Answer.TrySetResult(Done(peer, soft: true, $"{inbound}; {announced} prefix(es) sent again in {updates} UPDATE(s)"));
    }

    private static string Done(Peer peer, bool soft, string what) =>
        JsonSerializer.Serialize(new ClearView(peer.Name, soft, what), ControlJson.Default.ClearView);

    private static string Error(string why) => JsonSerializer.Serialize(new ErrorView(why), ControlJson.Default.ErrorView);
}
