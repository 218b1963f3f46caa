using BgpSpeaker.Routing;

namespace BgpSpeaker.Daemon;

/// <summary>
/// Per neighbor, since the daemon started: prefixes announced to us (<see cref="Received"/>), and of
/// those how many were stored (<see cref="Accepted"/>), refused by the import policy, refused as a loop
/// (our AS in the path), or withdrawn because their UPDATE was malformed (RFC 7606 treat-as-withdraw).
/// Received = Accepted + RejectedByPolicy + RejectedAsLoop + TreatedAsWithdraw.
/// </summary>
internal sealed class ImportCounts
{
    public long Received { get; private set; }

    public long Accepted { get; private set; }

    public long RejectedByPolicy { get; private set; }

    public long RejectedAsLoop { get; private set; }

    public long TreatedAsWithdraw { get; private set; }

    public State.ImportTotals Totals => new(Received, Accepted, RejectedByPolicy, RejectedAsLoop, TreatedAsWithdraw);

    public void Add(RibChange change)
    {
        Received += change.Received;
        Accepted += change.Announced;
        RejectedByPolicy += change.RejectedByPolicy;
        RejectedAsLoop += change.RejectedAsLoop;
        TreatedAsWithdraw += change.TreatedAsWithdraw;
    }
}
