using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DeferredOrleans.BrowserTests;

/// <summary>The accessibility check every browser flow applies to the pages it passes through.</summary>
internal static class Accessibility
{
    /// <summary>axe-core on the page as it is now: no violation of serious or critical impact.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}
