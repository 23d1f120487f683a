using System.Diagnostics;

namespace DeferredOrleans.ClusterTests;

/// <summary>Bounded poll-until: checks a condition every few hundred milliseconds and fails with a name when time runs out.</summary>
public static class Wait
{
    public static async Task<TimeSpan> UntilAsync(string what, TimeSpan bound, Func<Task<bool>> condition, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > bound)
            {
                throw new TimeoutException($"Not within {bound.TotalSeconds} s: {what}.{(diagnostics is null ? "" : "\n" + diagnostics())}");
            }

            await Task.Delay(250);
        }
    }
}
