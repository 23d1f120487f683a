using System.Collections.Immutable;

namespace DeferredOrleans.Policy;

/// <summary>What the policy looks at in a validated token request.</summary>
public sealed record TokenRequestFacts(
    string ClientId,
    string GrantType,
    string Subject,
    ImmutableArray<string> Scopes,
    ImmutableArray<string> Resources,
    ImmutableArray<string> AuthorizationDetailTypes);
