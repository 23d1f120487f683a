using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Approvals;

/// <summary>A bounded, revocable approval of future requests.</summary>
/// <param name="Id">Its id (named in the evidence of tokens it let through).</param>
/// <param name="ApproverId">Whose decision it stands for.</param>
/// <param name="ClientId">The client it covers.</param>
/// <param name="Rule">The policy rule(s) whose requests it covers.</param>
/// <param name="Scopes">Covered scopes; a request may ask for these or fewer.</param>
/// <param name="Resources">Covered resources; a request may name these or fewer.</param>
/// <param name="CreatedAt">When the approver made it.</param>
/// <param name="ExpiresAt">When it ends.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.StandingDecision")]
public sealed record StandingDecision(
    [property: Id(0)] string Id,
    [property: Id(1)] string ApproverId,
    [property: Id(2)] string ClientId,
    [property: Id(3)] string Rule,
    [property: Id(4)] ImmutableArray<string> Scopes,
    [property: Id(5)] ImmutableArray<string> Resources,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt);
