namespace BgpSpeaker.Ingest;

/// <summary>Medians of the runs as a markdown table, with each figure's ratio to BIRD's when BIRD ran too.</summary>
internal static class Report
{
    public static void Print(Dictionary<string, List<RunResult>> results, int runs)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} run(s):");
        Console.WriteLine();
        Console.WriteLine("| receiver | all accepted | fully re-advertised | withdrawn (receiver) | withdrawn (sink) | memory per route |");
        Console.WriteLine("|---|---|---|---|---|---|");
        results.TryGetValue("bird", out var bird);
        foreach (var (name, list) in results)
        {
            string Cell(Func<RunResult, double> figure, string unit, string format)
            {
                double median = Median(list.Select(figure));
                string ratio = bird is { Count: > 0 } && name != "bird" ? $" (×{Median(bird.Select(figure)) / median:0.0} vs BIRD)" : "";
                return $"{median.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} {unit}{ratio}";
            }
            Console.WriteLine($"| {name} | {Cell(r => r.Accepted, "s", "0.000")} | {Cell(r => r.Readvertised, "s", "0.000")} | "
                + $"{Cell(r => r.WithdrawnAtReceiver, "s", "0.000")} | {Cell(r => r.WithdrawnAtSink, "s", "0.000")} | {Cell(r => r.BytesPerRoute, "B", "0")} |");
        }
        Console.WriteLine();
        Console.WriteLine("A ratio above 1 means bgpspeaker is that many times faster (or smaller) than BIRD.");
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
