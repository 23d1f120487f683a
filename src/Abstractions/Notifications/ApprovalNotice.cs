using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Notifications;

/// <summary>
/// What a notification may say about a request waiting for one approver: less than the approval API shows, never the
/// deferral code (the deferral grain never holds it).
/// </summary>
/// <param name="Id">The approval id (the deferral id, the SHA-256 digest of the code; not a secret).</param>
/// <param name="ClientId">The requesting client.</param>
/// <param name="Subject">The principal the token would be issued for.</param>
/// <param name="Actor">The RFC 8693 <c>act</c> claim (JSON text) when agents act in a chain, or null.</param>
/// <param name="Scopes">Requested scopes.</param>
/// <param name="Resources">Requested resources.</param>
/// <param name="AuthorizationDetailTypes">The <c>type</c>s of the requested authorization_details, not their content.</param>
/// <param name="Rule">The policy rule that asked for approval.</param>
/// <param name="CreatedAt">When the request was deferred.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="Escalated">Whether the approver is asked because the request escalated to them.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ApprovalNotice")]
public sealed record ApprovalNotice(
    [property: Id(0)] string Id,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string Subject,
    [property: Id(3)] string? Actor,
    [property: Id(4)] ImmutableArray<string> Scopes,
    [property: Id(5)] ImmutableArray<string> Resources,
    [property: Id(6)] ImmutableArray<string> AuthorizationDetailTypes,
    [property: Id(7)] string Rule,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt,
    [property: Id(10)] bool Escalated);
