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

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
