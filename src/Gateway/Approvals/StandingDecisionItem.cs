using System.Collections.Immutable;
using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Gateway.Api;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// A standing decision as its approver sees it: exactly what it covers (client, grant type, subject, actor, rule,
/// and at most these scopes, resources and authorization_details) and until when, and the same in one sentence.
/// </summary>
public sealed record StandingDecisionItem(
    string Id,
    string ClientId,
    string? GrantType,
    string? Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(RawJsonConverter))] string? Actor,
    string Rule,
    string Scope,
    ImmutableArray<string> Resource,
    [property: JsonConverter(typeof(RawJsonConverter))] string? AuthorizationDetails,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    string Covers)
{
    public static StandingDecisionItem From(StandingDecision decision) => new(
        decision.Id,
        decision.ClientId,
        decision.GrantType,
        decision.Subject,
        decision.Actor,
        decision.Rule,
        string.Join(' ', decision.Scopes),
        decision.Resources,
        decision.AuthorizationDetails,
        decision.CreatedAt.UtcDateTime,
        decision.ExpiresAt.UtcDateTime,
        Sentence(decision));

    private static string Sentence(StandingDecision decision) => decision.IsLegacy
        ? "nothing: it was made before standing decisions recorded the grant type and subject, so it cannot show which requests it covers; revoke it and approve again to make a new one"
        : $"{decision.GrantType} requests of client {decision.ClientId} for subject {decision.Subject}" +
          (decision.Actor is null ? "" : " with the same actor") +
          $" under rule {decision.Rule}, asking for at most scope '{string.Join(' ', decision.Scopes)}'" +
          (decision.Resources.IsEmpty ? ", no resource" : $", resources {string.Join(' ', decision.Resources)}") +
          (decision.AuthorizationDetails is null ? ", no authorization_details" : " and the authorization_details shown") +
          $", until {decision.ExpiresAt.UtcDateTime:O}";
}
