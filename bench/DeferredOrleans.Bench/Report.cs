using System.Globalization;

namespace DeferredOrleans.Bench;

/// <summary>The median over runs of each phase's figures, as a Markdown table.</summary>
internal static class Report
{
    public static void Write(TextWriter output, Options options, List<(List<PhaseResult> Phases, double BytesPerPending)> runs)
    {
        output.WriteLine($"DeferredOrleans bench: {Environment.ProcessorCount} cores, {options.Requests} requests per phase, concurrency {options.Concurrency}, median of {runs.Count} runs");
        output.WriteLine();
        output.WriteLine("| Phase | req/s | p50 ms | p95 ms | p99 ms | failures |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var name in runs[0].Phases.Select(p => p.Name))
        {
            var results = runs.Select(r => r.Phases.Single(p => p.Name == name)).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(results.Select(r => r.PerSecond)):F0} | {Median(results.Select(r => r.P50)):F1} | {Median(results.Select(r => r.P95)):F1} | {Median(results.Select(r => r.P99)):F1} | {results.Sum(r => r.Failures)} |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Server memory per pending deferral (growth of RSS over {options.Requests} pending requests, an upper bound): {Median(runs.Select(r => r.BytesPerPending)) / 1024:F1} KiB"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
