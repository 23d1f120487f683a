using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace DeferredOrleans.Deferrals;

/// <summary>The persisted state of one deferred request. Immutable: transitions return a new value.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DeferralState")]
public sealed record DeferralState
{
    [Id(0)] public DeferredTokenRequest? Request { get; init; }
    [Id(1)] public ApprovalPlan? Plan { get; init; }
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public DeferralStatus Status { get; init; }
    [Id(4)] public ImmutableArray<RecordedDecision> Decisions { get; init; } = [];
    [Id(5)] public DateTimeOffset? ResolvedAt { get; init; }

    [MemberNotNullWhen(true, nameof(Request), nameof(Plan))]
    public bool Exists => Request is not null && Plan is not null;

    public static DeferralState Create(DeferredTokenRequest request, ApprovalPlan plan, DateTimeOffset now) =>
        new() { Request = request, Plan = plan, CreatedAt = now, Status = DeferralStatus.Pending };

    /// <summary>
    /// The status as of <paramref name="now"/>: an unfinished deferral past its expiry is expired even before the
    /// reminder records it (dtr-reference.md (d) Q7: an approval not collected before expiry is void).
    /// </summary>
    public DeferralStatus StatusAt(DateTimeOffset now) =>
        Exists && Status is DeferralStatus.Pending or DeferralStatus.Approved && now >= Plan.ExpiresAt
            ? DeferralStatus.Expired
            : Status;

    /// <summary>When the deferral is forgotten entirely; polls after that see an unknown code.</summary>
    public DateTimeOffset PurgeAt(TimeSpan retention) => Exists ? Plan.ExpiresAt + retention : DateTimeOffset.MinValue;

    /// <summary>Every approver the request was routed to.</summary>
    public IEnumerable<string> RoutedApprovers() =>
        Exists ? Plan.Requirements.SelectMany(r => r.Approvers).Distinct(StringComparer.Ordinal) : [];

    public bool IsRoutedTo(string approverId) =>
        Exists && Plan.Requirements.Any(r => r.Approvers.Contains(approverId, StringComparer.Ordinal));
}
