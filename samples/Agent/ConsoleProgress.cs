using DeferredOrleans.Client;

namespace DeferredOrleans.Samples.Agent;

/// <summary>Prints each pending answer at once (unlike <see cref="Progress{T}"/>, which posts to the thread pool and may reorder).</summary>
internal sealed class ConsoleProgress(TextWriter output) : IProgress<DeferralProgress>
{
    public void Report(DeferralProgress value) =>
        output.WriteLine($"  … {value} (next check in {value.NextPollIn.TotalSeconds:0} s, gives up at {value.ExpiresAt:HH:mm:ss})");
}
