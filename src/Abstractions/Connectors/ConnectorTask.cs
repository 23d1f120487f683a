using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>One approval task for an external system: which deferral, what is asked, and how to reach the system.</summary>
/// <param name="DeferralId">The deferral (its approval id; never the deferral code).</param>
/// <param name="Binding">The connector.</param>
/// <param name="Request">The originating request, summarised to the system.</param>
/// <param name="Rule">The policy rule that asked for approval.</param>
/// <param name="CreatedAt">When the deferral was created.</param>
/// <param name="ExpiresAt">When the deferral expires; the task ends then.</param>
/// <param name="RequestedUntil">How long the approval is asked for (ARAP <c>requested_access.requested_until</c>).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ConnectorTask")]
public sealed record ConnectorTask(
    [property: Id(0)] string DeferralId,
    [property: Id(1)] ConnectorBinding Binding,
    [property: Id(2)] DeferredTokenRequest Request,
    [property: Id(3)] string Rule,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] DateTimeOffset RequestedUntil);
