using System.Globalization;

namespace DeferredOrleans.Bench;

/// <summary>The median over runs of each phase's figures, as a Markdown table, with the ratio to the ceiling.</summary>
internal static class Report
{
    public static void Write(TextWriter output, Options options, List<RunResult> runs)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DeferredOrleans bench: {Environment.ProcessorCount} cores, concurrency {options.Concurrency}, {options.Seconds} s per timed phase, {options.Codes} codes, bulk {options.Bulk}, {options.Pending} pending, {(options.Reactivation > 0 ? $"reactivation of {options.Reactivation} after {options.IdleWait} s idle, " : "")}{(options.Cluster is null ? "embedded server" : $"cluster at {options.Cluster}")}, median of {runs.Count} runs"));
        output.WriteLine();
        output.WriteLine("| Phase | generator | req/s | × ceiling | p50 ms | p99 ms | failures | generator CPU | server CPU |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, generator) in runs[0].Rows.Select(p => (p.Name, p.Generator)))
        {
            var results = runs.Select(r => r.Rows.Single(p => p.Name == name && p.Generator == generator)).ToList();
            var ratio = results[0].Ratio is null ? "" : Median(results.Select(r => r.Ratio!.Value)).ToString("F3", CultureInfo.InvariantCulture);
            var rate = results[0].Ratio is null ? "" : Median(results.Select(r => r.PerSecond)).ToString("F0", CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {generator} | {rate} | {ratio} | {Median(results.Select(r => r.P50)):F1} | {Median(results.Select(r => r.P99)):F1} | {results.Sum(r => r.Failures)} | {Median(results.Select(r => r.GeneratorCpu)):P0} | {Median(results.Select(r => r.ServerCpu)):P0} |"));
        }

        output.WriteLine();
        foreach (var note in runs[0].Notes.Keys)
        {
            var values = runs.Select(r => r.Notes[note]).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{note}: {Median(values):F0} (runs: {string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})"));
        }

        output.WriteLine();
        output.WriteLine("Every run:");
        foreach (var (run, index) in runs.Select((r, i) => (r, i + 1)))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {index} (load average {run.LoadAverage}): {string.Join("; ", run.Rows.Select(r => $"{r.Name} [{r.Generator}] {r.PerSecond:F0}/s p50 {r.P50:F2} p99 {r.P99:F1}{(r.Processes.Contains(',', StringComparison.Ordinal) ? $" (server CPU: {r.Processes})" : "")}"))}"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
