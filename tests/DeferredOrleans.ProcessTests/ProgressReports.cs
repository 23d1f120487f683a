using DeferredOrleans.Client;

namespace DeferredOrleans.ProcessTests;

/// <summary>Every progress report, in order, as text.</summary>
public sealed class ProgressReports : IProgress<DeferralProgress>
{
    private readonly List<string> _reports = [];

    public void Report(DeferralProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value.ToString());
        }
    }

    public async Task WaitForAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!ToString().Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no report '{text}' within 60 s: {this}");
            await Task.Delay(100);
        }
    }

    public override string ToString()
    {
        lock (_reports)
        {
            return string.Join(" | ", _reports);
        }
    }
}
