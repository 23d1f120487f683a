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

    /// <summary>Scopes approved so far: the request's, narrowed by approvers who chose fewer.</summary>
    [Id(6)] public ImmutableArray<string> GrantedScopes { get; init; } = [];

    /// <summary>authorization_details approved so far (JSON), narrowed by approvers; null when none were requested.</summary>
    [Id(7)] public string? GrantedAuthorizationDetails { get; init; }

    [Id(8)] public string? InteractionDigest { get; init; }
    [Id(9)] public DateTimeOffset? InteractionCompletedAt { get; init; }
    [Id(10)] public ClientNotification? Notification { get; init; }

    [MemberNotNullWhen(true, nameof(Request), nameof(Plan))]
    public bool Exists => Request is not null && Plan is not null;

    public bool AwaitingInteraction => Exists && Plan.RequiresInteraction && InteractionCompletedAt is null;

    public static DeferralState Create(DeferralStart start, DateTimeOffset now) => new()
    {
        Request = start.Request,
        Plan = start.Plan,
        CreatedAt = now,
        Status = DeferralStatus.Pending,
        GrantedScopes = start.Request.Scopes,
        GrantedAuthorizationDetails = start.Request.AuthorizationDetails,
        InteractionDigest = start.InteractionDigest,
        Notification = start.Notification,
    };

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

    /// <summary>Whether a client (and, for a bound code, its DPoP key) owns this deferral.</summary>
    public bool IsOwnedBy(string clientId) => Exists && string.Equals(Request.ClientId, clientId, StringComparison.Ordinal);

    public bool ProvesKey(string? dpopJkt) => Request?.DpopJkt is not { } bound || string.Equals(bound, dpopJkt, StringComparison.Ordinal);
}
