using System.Collections.Immutable;

namespace DeferredOrleans.Core.Policy;

/// <summary>What the policy looks at in a validated token request.</summary>
public sealed record TokenRequestFacts(
    string ClientId,
    string GrantType,
    string Subject,
    ImmutableArray<string> Scopes,
    ImmutableArray<string> Resources,
    ImmutableArray<string> AuthorizationDetailTypes)
{
    /// <summary>The requested authorization_details (JSON array), whose objects <c>When</c> conditions can inspect.</summary>
    public string? AuthorizationDetails { get; init; }

    /// <summary>The outermost actor (RFC 8693 <c>act.sub</c>), if any.</summary>
    public string? Actor { get; init; }

    /// <summary>Risk signals the request carries (a JSON object), if any.</summary>
    public string? RiskSignals { get; init; }

    /// <summary>When the request arrived (for time-of-day conditions and delegation windows).</summary>
    public DateTimeOffset Now { get; init; }
}
