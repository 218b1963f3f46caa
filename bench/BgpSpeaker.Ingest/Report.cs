namespace BgpSpeaker.Ingest;

/// <summary>Medians of the runs as markdown tables, with each figure's ratio to BIRD's (or to bgpspeaker's in the FIB table).</summary>
internal static class Report
{
    public static void Print(Dictionary<string, List<QuietResult>> quiet, Dictionary<string, List<PolledResult>> polled, int runs, int pollMs)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} run(s). Quiet runs: timed at the sink, the receiver never asked anything. "
            + $"Polled runs: the receiver's table size asked every {pollMs} ms.");
        Console.WriteLine();
        Console.WriteLine("| receiver | re-advertised (sink) | CPU s | withdrawn (sink) | accepted (polled) | withdrawn (polled) | peak B/route | B/route after | idle RSS | a poll costs |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        quiet.TryGetValue("bird", out var birdQuiet);
        polled.TryGetValue("bird", out var birdPolled);
        foreach (var name in quiet.Keys)
        {
            string Cell<T>(List<T> list, List<T>? bird, Func<T, double> figure, string unit, string format)
            {
                double median = Median(list.Select(figure));
                string ratio = bird is { Count: > 0 } && name != "bird" ? $" (×{Median(bird.Select(figure)) / median:0.00})" : "";
                return $"{median.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}{unit}{ratio}";
            }
            var q = quiet[name];
            var p = polled[name];
            Console.WriteLine($"| {name} | {Cell(q, birdQuiet, r => r.Readvertised, " s", "0.000")} | {Cell(q, birdQuiet, r => r.CpuSeconds, "", "0.00")} | "
                + $"{Cell(q, birdQuiet, r => r.WithdrawnAtSink, " s", "0.000")} | {Cell(p, birdPolled, r => r.Accepted, " s", "0.000")} | "
                + $"{Cell(p, birdPolled, r => r.WithdrawnAtReceiver, " s", "0.000")} | {Cell(q, birdQuiet, r => r.PeakBytesPerRoute, " B", "0")} | "
                + $"{Cell(q, birdQuiet, r => r.BytesPerRoute, " B", "0")} | {Cell(q, birdQuiet, r => r.IdleBytes / 1e6, " MB", "0.0")} | "
                + $"{Cell(p, birdPolled, r => r.PollCpuMilliseconds, " ms CPU", "0.000")} |");
        }
        Console.WriteLine();
        Console.WriteLine("×N: BIRD's median divided by bgpspeaker's (above 1: bgpspeaker faster or smaller).");
    }

    public static void PrintFib(Dictionary<string, List<FibResult>> results, int runs)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} run(s), seconds from the feeder's first byte to the kernel notification that completes the table:");
        Console.WriteLine();
        Console.WriteLine("| receiver | all routes in the kernel | CPU s | all gone after withdraw | CPU s | all gone after the feeder's Cease | CPU s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        results.TryGetValue("bgpspeaker", out var ours);
        foreach (var (name, list) in results)
        {
            string Cell(Func<FibResult, double> figure, string format, string unit = "")
            {
                double median = Median(list.Select(figure));
                string ratio = ours is { Count: > 0 } && name != "bgpspeaker" ? $" (×{median / Median(ours.Select(figure)):0.0})" : "";
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
