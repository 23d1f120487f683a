using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>How the one who decided was authenticated for the decision: RFC 8176 method references and when.</summary>
/// <param name="Methods">The <c>amr</c> values: <c>pwd</c> for a password (HTTP Basic or the sign-in form), <c>hwk</c> and <c>user</c> for a passkey, <c>fed</c> and the upstream OpenID Provider's own values for its sign-in.</param>
/// <param name="At">When the authentication happened (a session's <c>auth_time</c>; the request itself for credentials sent with it).</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DecisionAuthentication")]
public sealed record DecisionAuthentication(
    [property: Id(0)] ImmutableArray<string> Methods,
    [property: Id(1)] DateTimeOffset At);
