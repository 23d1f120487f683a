using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>The outcome a webhook system reported on its (authenticated) callback.</summary>
/// <param name="Status">Its status word, e.g. <c>approved</c> or <c>denied</c>; unknown words never approve.</param>
/// <param name="Reference">Its opaque reference, e.g. the ticket id <c>INC0012345</c>, carried into the token's evidence.</param>
/// <param name="Reason">Free text for audit.</param>
/// <param name="Scopes">A narrower scope approved, or null for all.</param>
/// <param name="AuthorizationDetails">Narrower authorization_details approved (JSON), or null for all.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ConnectorOutcome")]
public sealed record ConnectorOutcome(
    [property: Id(0)] string Status,
    [property: Id(1)] string? Reference = null,
    [property: Id(2)] string? Reason = null,
    [property: Id(3)] ImmutableArray<string>? Scopes = null,
    [property: Id(4)] string? AuthorizationDetails = null);
