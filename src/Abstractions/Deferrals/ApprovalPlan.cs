using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>What the policy decided a deferred request needs before a token may be issued.</summary>
/// <param name="Rule">Name of the policy rule that deferred the request.</param>
/// <param name="Requirements">Every requirement must be satisfied for approval.</param>
/// <param name="ExpiresAt">When the deferral code dies.</param>
/// <param name="IntervalSeconds">Minimum seconds between polls.</param>
/// <param name="ApprovalLifetime">How long an approval stays valid; tokens never outlive it.</param>
/// <param name="AllowSelfApproval">Whether the subject may decide on its own request.</param>
/// <param name="RequiresInteraction">Whether the subject must also confirm in a page (<c>interaction_required</c>).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApprovalPlan")]
public sealed record ApprovalPlan(
    [property: Id(0)] string Rule,
    [property: Id(1)] ImmutableArray<ApprovalRequirement> Requirements,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] int IntervalSeconds,
    [property: Id(4)] TimeSpan ApprovalLifetime,
    [property: Id(5)] bool AllowSelfApproval = false,
    [property: Id(6)] bool RequiresInteraction = false);
