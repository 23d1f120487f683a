using System.Collections.Immutable;
using Microsoft.AspNetCore.WebUtilities;

namespace DeferredOrleans.Gateway.Inbox;

/// <summary>
/// The list's filters and order, from the query string (<c>?client=&amp;resource=&amp;rule=&amp;age=&amp;sort=</c>), so
/// that a filtered inbox is a link and works without script. Unknown values are ignored, never an error.
/// </summary>
public sealed record InboxFilter(string? Client, string? Resource, string? Rule, string? Age, string Sort)
{
    public const string SortTimeLeft = "time-left";
    public const string SortNewest = "newest";

    /// <summary>Age choices: younger than an hour, an hour to a day, older than a day.</summary>
    public static readonly ImmutableArray<(string Value, string Label)> Ages = [("hour", "less than an hour old"), ("day", "1 to 24 hours old"), ("older", "more than a day old")];

    public static InboxFilter From(IQueryCollection query) => new(
        Value(query, "client"),
        Value(query, "resource"),
        Value(query, "rule"),
        Value(query, "age") is { } age && Ages.Any(a => a.Value == age) ? age : null,
        Value(query, "sort") == SortNewest ? SortNewest : SortTimeLeft);

    public bool IsEmpty => Client is null && Resource is null && Rule is null && Age is null;

    public IEnumerable<InboxEntry> Apply(IEnumerable<InboxEntry> entries, DateTimeOffset now)
    {
        var kept = entries.Where(e =>
            (Client is null || e.View.ClientId == Client) &&
            (Resource is null || e.Resources.Contains(Resource, StringComparer.Ordinal)) &&
            (Rule is null || e.View.Rule == Rule) &&
            Age switch
            {
                "hour" => now - e.View.CreatedAt < TimeSpan.FromHours(1),
                "day" => now - e.View.CreatedAt >= TimeSpan.FromHours(1) && now - e.View.CreatedAt < TimeSpan.FromDays(1),
                "older" => now - e.View.CreatedAt >= TimeSpan.FromDays(1),
                _ => true,
            });
        return Sort == SortNewest
            ? kept.OrderByDescending(e => e.View.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal)
            : kept.OrderBy(e => e.View.ExpiresAt).ThenBy(e => e.Id, StringComparer.Ordinal);
    }

    /// <summary>This filter as a query string (with a leading <c>?</c>, or empty).</summary>
    public string Query(string? client = null, string? resource = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["client"] = client ?? Client,
            ["resource"] = resource ?? Resource,
            ["rule"] = Rule,
            ["age"] = Age,
            ["sort"] = Sort == SortTimeLeft ? null : Sort,
        };
        return QueryHelpers.AddQueryString("", values.Where(v => v.Value is not null));
    }

    private static string? Value(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 and <= 512 } value ? value : null;
}

/// <summary>Pending requests counted by client and by resource: where the work is, and what bulk can take at once.</summary>
public sealed record InboxGroups(ImmutableArray<InboxGroup> Clients, ImmutableArray<InboxGroup> Resources)
{
    public static InboxGroups Of(IReadOnlyCollection<InboxEntry> entries) => new(
        [.. entries.GroupBy(e => e.View.ClientId, StringComparer.Ordinal)
            .Select(g => new InboxGroup(g.Key, g.First().ClientName, g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)],
        [.. entries.SelectMany(e => e.Resources.Distinct(StringComparer.Ordinal)).GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => new InboxGroup(g.Key, g.Key, g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal)]);
}

/// <summary>One group: its key (client id or resource), what to call it, how many requests.</summary>
public sealed record InboxGroup(string Key, string Label, int Count);
