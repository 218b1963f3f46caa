using BgpSpeaker.Platform.Linux.Netlink;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Platform.Linux.Fib;

/// <summary>What reconciliation does with routes of ours that the kernel holds but nobody wants now.</summary>
public enum StaleRoutePolicy
{
    /// <summary>Delete them at once.</summary>
    Delete,

    /// <summary>
    /// Adopt them: they stay in the kernel (traffic keeps flowing across a restart) until the routing core
    /// installs the prefix again or <see cref="FibWriter.DeleteStaleRoutes"/> is called (a stale timer).
    /// </summary>
    Keep,
}

public enum FibOperation
{
    Install,
    Delete,
}

/// <summary>One request the kernel refused (or that we refused before sending: an impossible next hop).</summary>
public readonly record struct FibFailure(Prefix Prefix, FibOperation Operation, NetlinkError Error)
{
    public override string ToString() => $"{Operation} {Prefix}: {Error}";
}

/// <summary>The outcome of a batch of changes.</summary>
/// <param name="Installed">Routes added or replaced in the kernel.</param>
/// <param name="Deleted">Routes removed (including ones already gone).</param>
/// <param name="Unchanged">Changes that needed no kernel write (same next hops, or an adopted route that already matched).</param>
/// <param name="Failures">Every failure, one entry each.</param>
public sealed record FibResult(int Installed, int Deleted, int Unchanged, IReadOnlyList<FibFailure> Failures)
{
    public int Failed => Failures.Count;
}

/// <summary>The outcome of comparing the kernel with the desired state and fixing the differences.</summary>
/// <param name="Added">Desired routes the kernel lacked.</param>
/// <param name="Replaced">Routes the kernel had with other next hops or source.</param>
/// <param name="Deleted">Routes of ours nobody wants (policy Delete, or failed deletes of this run).</param>
/// <param name="KeptStale">Routes of ours nobody wants yet, adopted under policy Keep.</param>
/// <param name="Unchanged">Routes already right.</param>
/// <param name="DumpError">Set when the kernel's routes could not be read; then nothing was changed.</param>
public sealed record FibReconcileResult(int Added, int Replaced, int Deleted, int KeptStale, int Unchanged,
    IReadOnlyList<FibFailure> Failures, NetlinkError? DumpError = null)
{
    public int Failed => Failures.Count;
}
