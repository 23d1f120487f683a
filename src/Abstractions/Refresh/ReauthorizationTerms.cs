using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>
/// How a refresh token family asks for re-authorization before its grant ends (draft-ietf-oauth-refresh-token-expiration
/// leaves re-authorization to the server): when to ask, whom, and how far an approval extends the grant.
/// </summary>
/// <param name="LeadTime">How long before the grant ends the request is routed.</param>
/// <param name="Grace">How long after the grant ended the request still waits for a decision.</param>
/// <param name="Rule">The policy rule that routes it (<c>reauthorization-owner</c> by default).</param>
/// <param name="Requirements">Who must approve.</param>
/// <param name="IntervalSeconds">Minimum seconds between the client's polls once it is deferred.</param>
/// <param name="Extension">How long the grant lasts from the approval on.</param>
/// <param name="AllowSelfApproval">Whether the subject may decide (true for the default owner route).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.ReauthorizationTerms")]
public sealed record ReauthorizationTerms(
    [property: Id(0)] TimeSpan LeadTime,
    [property: Id(1)] TimeSpan Grace,
    [property: Id(2)] string Rule,
    [property: Id(3)] ImmutableArray<ApprovalRequirement> Requirements,
    [property: Id(4)] int IntervalSeconds,
    [property: Id(5)] TimeSpan Extension,
    [property: Id(6)] bool AllowSelfApproval);
