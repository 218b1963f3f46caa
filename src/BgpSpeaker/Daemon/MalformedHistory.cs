using BgpSpeaker.Wire.Errors;
using BgpSpeaker.Wire.Messages;
using BgpSpeaker.Wire.Nlri;

namespace BgpSpeaker.Daemon;

/// <summary>One malformed UPDATE as an operator reads it: what was wrong, what we did, which routes it hit.</summary>
/// <param name="Handling">In words: "routes treated as withdrawn" or "attribute discarded, routes kept".</param>
/// <param name="AttributeHex">The offending attribute as received (flags, type, length, value), capped; empty when none.</param>
/// <param name="Prefixes">Up to <see cref="MalformedHistory.PrefixesNamed"/> of the prefixes it announced.</param>
/// <param name="MorePrefixes">How many more it announced beyond those named.</param>
internal sealed record MalformedUpdate(DateTimeOffset At, string Handling, string Reasons, string AttributeHex, IReadOnlyList<string> Prefixes, int MorePrefixes)
{
    public string Describe()
    {
        string prefixes = Prefixes.Count == 0 ? "no prefixes announced"
            : $"prefixes {string.Join(", ", Prefixes)}{(MorePrefixes > 0 ? $" and {MorePrefixes} more" : "")}";
        return $"{Handling} (RFC 7606): {Reasons}; {prefixes}";
    }
}

/// <summary>
/// A neighbor's malformed UPDATEs: the count since the daemon started and the last
/// <see cref="Kept"/> of them, since the log names only the first of each 10 s.
/// </summary>
internal sealed class MalformedHistory
{
    public const int Kept = 10;
    public const int PrefixesNamed = 5;
    private const int AttributeBytesShown = 64;

    private readonly Queue<MalformedUpdate> _recent = new();

    /// <summary>UPDATEs with an RFC 7606 error (treat-as-withdraw or attribute discard).</summary>
    public long Count { get; private set; }

    /// <summary>Counted but not yet named in the log, and when the log last named one.</summary>
    public long Unlogged { get; set; }

    public DateTimeOffset LoggedAt { get; set; } = DateTimeOffset.MinValue;

    public IReadOnlyCollection<MalformedUpdate> Recent => _recent;

    public MalformedUpdate Add(UpdateMessage update, DateTimeOffset now)
    {
        Count++;
        var prefixes = Announced(update);
        var offending = update.Errors.FirstOrDefault(e => e.Data.Length > 0)?.Data ?? [];
        string hex = Convert.ToHexStringLower(offending.AsSpan(0, Math.Min(offending.Length, AttributeBytesShown)))
            + (offending.Length > AttributeBytesShown ? $"… ({offending.Length} octets)" : "");
        var record = new MalformedUpdate(now, Handling(update.Action), string.Join("; ", update.Errors.Select(e => e.Reason)), hex,
            [.. prefixes.Take(PrefixesNamed)], Math.Max(0, prefixes.Count - PrefixesNamed));
        _recent.Enqueue(record);
        if (_recent.Count > Kept)
        {
            _recent.Dequeue();
        }
        return record;
    }

    private static string Handling(ErrorAction action) => action switch
    {
        ErrorAction.TreatAsWithdraw => "routes treated as withdrawn",
        ErrorAction.AttributeDiscard => "attribute discarded, routes kept",
        _ => action.ToString(),
    };

    private static List<string> Announced(UpdateMessage update)
    {
        var prefixes = new List<string>();
        Add(prefixes, update.Nlri);
        if (update.MpReach is { } reach)
        {
            Add(prefixes, reach.Nlri);
        }
        return prefixes;
    }

    private static void Add(List<string> prefixes, NlriBlock block)
    {
        foreach (var entry in block)
        {
            prefixes.Add(entry.Prefix.ToString());
        }
    }
}
