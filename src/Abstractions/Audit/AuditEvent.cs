namespace DeferredOrleans.Abstractions.Audit;

/// <summary>Something that happened, as the audit log records it.</summary>
/// <param name="Kind">What happened, e.g. <c>deferral.created</c>, <c>decision.recorded</c>, <c>token.issued</c>.</param>
/// <param name="At">When.</param>
/// <param name="DeferralId">The request it concerns (the approval id), if any.</param>
/// <param name="ClientId">The client, if any.</param>
/// <param name="ApproverId">The approver, if any.</param>
/// <param name="Subject">The subject of the request, if any.</param>
/// <param name="Detail">More, in plain words (never a secret).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditEvent")]
public sealed record AuditEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? DeferralId = null,
    [property: Id(3)] string? ClientId = null,
    [property: Id(4)] string? ApproverId = null,
    [property: Id(5)] string? Subject = null,
    [property: Id(6)] string? Detail = null);
