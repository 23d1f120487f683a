using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>How an approver must have authenticated for an approval to count (a rule's <c>ApproverAuthentication</c>).</summary>
/// <param name="Methods">Any one of these RFC 8176 <c>amr</c> values must be among the deciding session's, e.g. <c>hwk</c> for a passkey.</param>
/// <param name="MaxAge">How long ago that authentication may have been at most; null for any time in the session.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuthenticationRequirement")]
public sealed record AuthenticationRequirement(
    [property: Id(0)] ImmutableArray<string> Methods,
    [property: Id(1)] TimeSpan? MaxAge = null);
