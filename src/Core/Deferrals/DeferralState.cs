using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using DeferredOrleans.Abstractions.Connectors;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Deferrals;

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

    /// <summary>When each stage opened; stage 0 opens at creation, each later one when the previous was approved.</summary>
    [Id(11)] public ImmutableArray<DateTimeOffset> StagesOpenedAt { get; init; } = [];

    /// <summary>Requirements whose escalation was announced (inboxes of the next level filled).</summary>
    [Id(12)] public ImmutableArray<int> EscalationsAnnounced { get; init; } = [];

    /// <summary>External systems that decide for some approvers; each gets a task when its approver is asked.</summary>
    [Id(13)] public ImmutableArray<ConnectorBinding> Connectors { get; init; } = [];

    /// <summary>Whether the subject is told when the decision lands (the client opted in).</summary>
    [Id(14)] public bool NotifySubject { get; init; }

    [MemberNotNullWhen(true, nameof(Request), nameof(Plan))]
    public bool Exists => Request is not null && Plan is not null;

    public bool AwaitingInteraction => Exists && Plan.RequiresInteraction && InteractionCompletedAt is null;

    public static DeferralState Create(DeferralStart start, DateTimeOffset now) => new()
    {
        Request = start.Request,
        Plan = start.Plan,
        CreatedAt = now,
        Status = DeferralStatus.Pending,
        Decisions = start.InitialDecisions ?? [],
        GrantedScopes = start.Request.Scopes,
        GrantedAuthorizationDetails = start.Request.AuthorizationDetails,
        InteractionDigest = start.InteractionDigest,
        Notification = start.Notification,
        StagesOpenedAt = [now],
        Connectors = start.Connectors ?? [],
        NotifySubject = start.NotifySubject,
    };

    /// <summary>
    /// The status as of <paramref name="now"/>: an unfinished deferral past its expiry is expired even before the
    /// reminder records it (this project's reading of draft-ietf-oauth-deferred-token-response-01 §6.4
    /// <c>expires_in</c>: an approval not collected before expiry is void).
    /// </summary>
    public DeferralStatus StatusAt(DateTimeOffset now) =>
        Exists && Status is DeferralStatus.Pending or DeferralStatus.Approved && now >= Plan.ExpiresAt
            ? DeferralStatus.Expired
            : Status;

    /// <summary>When the deferral is forgotten entirely; polls after that see an unknown code.</summary>
    public DateTimeOffset PurgeAt(TimeSpan retention) => Exists ? Plan.ExpiresAt + retention : DateTimeOffset.MinValue;

    public bool IsOpen(int stage) => stage < StagesOpenedAt.Length;

    /// <summary>When each open requirement that escalates and has not yet been announced reaches its escalation time.</summary>
    public IEnumerable<DateTimeOffset> EscalationDeadlines() => !Exists ? [] : Plan.Requirements
        .Select((requirement, index) => (Requirement: requirement, Index: index))
        .Where(r => r.Requirement.EscalateAfter is not null && IsOpen(r.Requirement.Stage) && !EscalationsAnnounced.Contains(r.Index))
        .Select(r => StagesOpenedAt[r.Requirement.Stage] + r.Requirement.EscalateAfter!.Value);

    /// <summary>Whether a requirement's escalation is due: nobody decided it within its time after its stage opened.</summary>
    public bool IsEscalated(ApprovalRequirement requirement, DateTimeOffset now) =>
        requirement.EscalateAfter is { } after && IsOpen(requirement.Stage) && now >= StagesOpenedAt[requirement.Stage] + after;

    /// <summary>
    /// Who may decide a requirement now: its approvers, and the next level once it escalated; unless the requirement
    /// allows otherwise, nobody who already decided in an earlier stage (separation of duties across stages).
    /// </summary>
    public IEnumerable<string> Eligible(ApprovalRequirement requirement, DateTimeOffset now)
    {
        var candidates = IsEscalated(requirement, now) && requirement.EscalationApprovers is { } next
            ? requirement.Approvers.Concat(next).Distinct(StringComparer.Ordinal)
            : requirement.Approvers;
        return requirement.Stage == 0 || requirement.EarlierStageApproversCount
            ? candidates
            : candidates.Where(a => !Decisions.Any(d => d.Stage < requirement.Stage && string.Equals(d.ApproverId, a, StringComparison.Ordinal)));
    }

    /// <summary>Approvers of every open stage (escalations included) as of now.</summary>
    public IEnumerable<string> OpenApprovers(DateTimeOffset now) =>
        Exists ? Plan.Requirements.Where(r => IsOpen(r.Stage)).SelectMany(r => Eligible(r, now)).Distinct(StringComparer.Ordinal) : [];

    /// <summary>Everybody the request could ever be routed to, for clearing inboxes.</summary>
    public IEnumerable<string> AllApprovers() =>
        Exists ? Plan.Requirements.SelectMany(r => r.Approvers.Concat(r.EscalationApprovers ?? [])).Distinct(StringComparer.Ordinal) : [];

    public bool IsRoutedTo(string approverId, DateTimeOffset now) => OpenApprovers(now).Contains(approverId, StringComparer.Ordinal);

    /// <summary>Whether a client (and, for a bound code, its DPoP key) owns this deferral.</summary>
    public bool IsOwnedBy(string clientId) => Exists && string.Equals(Request.ClientId, clientId, StringComparison.Ordinal);

    public bool ProvesKey(string? dpopJkt) => Request?.DpopJkt is not { } bound || string.Equals(bound, dpopJkt, StringComparison.Ordinal);

    /// <summary>RFC 8705 §3: whether a request came with the client certificate a bound deferral was created with.</summary>
    public bool ProvesCertificate(string? certificateThumbprint) =>
        Request?.CertificateThumbprint is not { } bound || string.Equals(bound, certificateThumbprint, StringComparison.Ordinal);
}
