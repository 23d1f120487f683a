using System.Collections.Immutable;
using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>
/// How the approval API shows a request: everything an approver needs to decide, never the deferral code.
/// <c>actor_chain</c> names who acts for the subject, outermost first (<see cref="Approvals.ActorChain"/>).
/// </summary>
public sealed record ApprovalItem(
    string Id,
    DeferralStatus Status,
    string ClientId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientName,
    string GrantType,
    string Subject,
    string Scope,
    ImmutableArray<string> Resource,
    [property: JsonConverter(typeof(RawJsonConverter))] string? AuthorizationDetails,
    string GrantedScope,
    [property: JsonConverter(typeof(RawJsonConverter))] string? GrantedAuthorizationDetails,
    bool AwaitingInteraction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BindingMessage,
    string Rule,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    ImmutableArray<QuorumStep> Quorum,
    string? MyDecision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(RawJsonConverter))] string? Actor,
    ImmutableArray<string> ActorChain)
{
    public static ApprovalItem From(ApprovalView view, ClientRegistry clients) => new(
        view.Id,
        view.Status,
        view.ClientId,
        clients.Find(view.ClientId)?.Name,
        view.GrantType,
        view.Subject,
        string.Join(' ', view.Scopes),
        view.Resources,
        view.AuthorizationDetails,
        string.Join(' ', view.GrantedScopes),
        view.GrantedAuthorizationDetails,
        view.AwaitingInteraction,
        view.BindingMessage,
        view.Rule,
        view.CreatedAt.UtcDateTime,
        view.ExpiresAt.UtcDateTime,
        QuorumStep.From(view.Requirements),
        view.MyDecision switch { true => "approved", false => "denied", null => null },
        view.Actor,
        RequestActors.Of(view.Actor, view.ClientId, view.Subject, clients));
}
