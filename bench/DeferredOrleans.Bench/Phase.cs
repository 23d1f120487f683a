using System.Diagnostics;

namespace DeferredOrleans.Bench;

/// <summary>One measured phase: <c>count</c> operations, <c>concurrency</c> at a time, each timed.</summary>
internal static class Phase
{
    public static async Task<PhaseResult> RunAsync(string name, int count, int concurrency, Func<int, Task<bool>> operation)
    {
        var latencies = new double[count];
        var failures = 0;
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            var ok = await operation(i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        });
        wall.Stop();
        Array.Sort(latencies);
        return new PhaseResult(name, count, failures, count / wall.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal sealed record PhaseResult(string Name, int Count, int Failures, double PerSecond, double P50, double P95, double P99);
