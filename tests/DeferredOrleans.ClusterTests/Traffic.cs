using System.Collections.Concurrent;

namespace DeferredOrleans.ClusterTests;

/// <summary>Helpers that drive many requests at a bounded concurrency, as a fleet of agents and approvers would.</summary>
public static class Traffic
{
    public const int Concurrency = 12;

    public static async Task<IReadOnlyList<(T Item, Answer Answer)>> ForEachAsync<T>(IEnumerable<T> items, Func<T, Task<Answer>> send)
    {
        var answers = new ConcurrentBag<(T, Answer)>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, _) => answers.Add((item, await send(item))));
        return [.. answers];
    }

    /// <summary>Creates deferrals and returns their codes; every creation must be answered with a deferral code.</summary>
    public static async Task<IReadOnlyList<string>> CreateAsync(DtrClient client, string scope, int count)
    {
        var answers = await ForEachAsync(Enumerable.Range(0, count), _ => client.RequestAsync(scope));
        return [.. answers.Select(a => a.Answer.Property("deferral_code") ?? throw new Xunit.Sdk.XunitException($"No deferral code: {a.Answer}"))];
    }
}
