namespace BgpSpeaker.Configuration.Reading;

/// <summary>"did you mean ...?" hints for misspelt keys and names.</summary>
internal static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="input"/> if it is a plausible typo of it, else null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // Case slips (holdtime) count as one edit whatever their number.
            int distance = string.Equals(input, candidate, StringComparison.OrdinalIgnoreCase)
                ? 1
                : Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        // Short words: a couple of edits already turns one into another, so allow fewer.
        int allowed = Math.Clamp(input.Length / 3, 1, 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>"; did you mean 'x'?" or nothing.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $"; did you mean '{match}'?" : "";

    /// <summary>Optimal string alignment distance: Levenshtein plus swaps of adjacent letters.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
