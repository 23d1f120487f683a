using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>The answer to one poll.</summary>
/// <param name="Verdict">What the poll found.</param>
/// <param name="Progress">Opaque progress step ids for a pending request, e.g. <c>step=quorum;approved=1;required=2</c>.</param>
/// <param name="Issuance">What to mint, present only when <paramref name="Verdict"/> is <see cref="PollVerdict.Issued"/>.</param>
/// <param name="Redemption">
/// With <see cref="Issuance"/>: the <c>deferral.redeemed</c> audit record, which the caller appends (with the minted
/// token's record, in one durable round) before it answers; the grain does not append it.
/// </param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.PollOutcome")]
public sealed record PollOutcome(
    [property: Id(0)] PollVerdict Verdict,
    [property: Id(1)] string? Progress = null,
    [property: Id(2)] Issuance? Issuance = null,
    [property: Id(3)] AuditEvent? Redemption = null);
