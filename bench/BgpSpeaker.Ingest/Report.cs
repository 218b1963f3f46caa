namespace BgpSpeaker.Ingest;

/// <summary>
/// Medians of the runs as markdown tables, one row per receiver: in the ingest table bgpspeaker's figures
/// carry each BIRD's ratio to them, in the FIB table every other receiver's figures carry their ratio to bgpspeaker's.
/// </summary>
internal static class Report
{
    private const string Ours = "bgpspeaker";

    public static void Print(Dictionary<string, List<QuietResult>> quiet, Dictionary<string, List<PolledResult>> polled, int runs, int pollMs)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} run(s). Quiet runs: timed at the sink, the receiver never asked anything. "
            + $"Polled runs: the receiver's table size asked every {pollMs} ms.");
        Console.WriteLine();
        Console.WriteLine("| receiver | re-advertised (sink) | CPU s | withdrawn (sink) | accepted (polled) | withdrawn (polled) | peak B/route | B/route after | idle RSS | a poll costs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var others = quiet.Keys.Where(n => n != Ours).ToArray();
        foreach (var name in quiet.Keys)
        {
            string Cell<T>(Dictionary<string, List<T>> results, Func<T, double> figure, string unit, string format)
            {
                double median = Median(results[name].Select(figure));
                var ratios = name == Ours ? others.Select(o => $"×{Median(results[o].Select(figure)) / median:0.00}").ToArray() : [];
                string ratio = ratios.Length > 0 ? $" ({string.Join(", ", ratios)})" : "";
                return $"{median.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}{unit}{ratio}";
            }
            Console.WriteLine($"| {name} | {Cell(quiet, r => r.Readvertised, " s", "0.000")} | {Cell(quiet, r => r.CpuSeconds, "", "0.00")} | "
                + $"{Cell(quiet, r => r.WithdrawnAtSink, " s", "0.000")} | {Cell(polled, r => r.Accepted, " s", "0.000")} | "
                + $"{Cell(polled, r => r.WithdrawnAtReceiver, " s", "0.000")} | {Cell(quiet, r => r.PeakBytesPerRoute, " B", "0")} | "
                + $"{Cell(quiet, r => r.BytesPerRoute, " B", "0")} | {Cell(quiet, r => r.IdleBytes / 1e6, " MB", "0.0")} | "
                + $"{Cell(polled, r => r.PollCpuMilliseconds, " ms CPU", "0.000")} |");
        }
        if (quiet.ContainsKey(Ours) && others.Length > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"×N: {string.Join(", then ", others.Select(o => $"{o}'s"))} median divided by bgpspeaker's (above 1: bgpspeaker faster or smaller).");
        }
    }

    public static void PrintFib(Dictionary<string, List<FibResult>> results, int runs)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} run(s), seconds from the feeder's first byte to the kernel notification that completes the table:");
        Console.WriteLine();
        Console.WriteLine("| receiver | all routes in the kernel | CPU s | all gone after withdraw | CPU s | all gone after the feeder's Cease | CPU s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        results.TryGetValue(Ours, out var ours);
        foreach (var (name, list) in results)
        {
            string Cell(Func<FibResult, double> figure, string format, string unit = "")
            {
                double median = Median(list.Select(figure));
                string ratio = ours is { Count: > 0 } && name != Ours ? $" (×{median / Median(ours.Select(figure)):0.0})" : "";
                return $"{median.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}{unit}{ratio}";
            }
            Console.WriteLine($"| {name} | {Cell(r => r.Installed, "0.000", " s")} | {Cell(r => r.InstallCpu, "0.00")} | {Cell(r => r.Removed, "0.000", " s")} | {Cell(r => r.RemoveCpu, "0.00")} | "
                + $"{Cell(r => r.SessionDown, "0.000", " s")} | {Cell(r => r.SessionDownCpu, "0.00")} |");
        }
        Console.WriteLine();
        Console.WriteLine("×N: that receiver's median divided by bgpspeaker's (above 1: bgpspeaker faster or cheaper). "
            + $"Notification overruns (answered by a dump): {string.Join(", ", results.Select(r => $"{r.Key} {r.Value.Sum(f => f.Overruns)}"))}.");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
