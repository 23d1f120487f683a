using System.Collections.Immutable;
using System.Text.Json;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Crypto;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.AuthZen;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.Connectors;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Deferrals;

/// <summary>
/// Creates a deferral for an approved-to-defer request: a fresh code, the deferral grain (inboxes and state durable
/// before the answer), an interaction token when the rule wants the subject to confirm, and a sealed callback when
/// the client registered a notification endpoint.
/// </summary>
public sealed partial class DeferralStarter(
    IGrainFactory grains, ServerKeys keys, ConnectorBindings connectors, ClientRegistry clients, IOptions<ServerOptions> server, TimeProvider time, ILogger<DeferralStarter> logger)
{
    /// <summary>
    /// Starts the deferral. <paramref name="beforeCreate"/> runs with the new deferral's id before it exists, for
    /// grants that must set something aside first (a refresh token family is suspended); its error aborts.
    /// <paramref name="workflow"/> is the access request of a PDP's requestable denial, submitted by the deferral's task.
    /// </summary>
    public async Task<(TokenResult.Deferred? Deferred, OAuthError? Error)> StartAsync(
        DeferredTokenRequest request,
        PolicyDecision.Deferred decision,
        Callback? callback,
        Func<string, Task<OAuthError?>>? beforeCreate = null,
        ImmutableArray<RecordedDecision>? initialDecisions = null,
        WorkflowRequest? workflow = null)
    {
        var code = DeferralCodes.New();
        var id = DeferralCodes.Id(code);
        if (beforeCreate is not null && await beforeCreate(id) is { } error)
        {
            return (null, error);
        }

        var plan = decision.ToPlan(time.GetUtcNow());
        var loaded = await keys.GetAsync();

        string? interactionToken = plan.RequiresInteraction ? InteractionTokens.For(loaded.SealingKey, code) : null;
        ClientNotification? notification = null;
        if (callback is not null)
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(new NotificationPayload(callback.Member, code, callback.BearerToken));
            notification = new ClientNotification(callback.Endpoint, Sealer.Seal(loaded.SealingKey, payload));
        }

        var start = new DeferralStart(
            request,
            plan,
            interactionToken is null ? null : InteractionTokens.Digest(interactionToken),
            notification,
            initialDecisions,
            connectors.For(request, plan, loaded.SealingKey, workflow),
            NotifySubject: request.Subject != request.ClientId && clients.Find(request.ClientId)?.NotifySubjectOfDecision == true);
        await grains.GetGrain<IDeferralGrain>(id).CreateAsync(start);
        LogDeferred(logger, request.ClientId, plan.Rule);
        return (new TokenResult.Deferred(
            code,
            (int)Math.Floor(decision.ExpiresIn.TotalSeconds),
            plan.IntervalSeconds,
            interactionToken is null ? null : InteractionTokens.Uri(server.Value, id, interactionToken)), null);
    }

    /// <summary>The URI a pending poll points the client to while the subject has not confirmed yet.</summary>
    public async Task<Uri> InteractionUriAsync(string code) =>
        InteractionTokens.Uri(server.Value, DeferralCodes.Id(code), InteractionTokens.For((await keys.GetAsync()).SealingKey, code));

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred a request of client {ClientId} by rule {Rule}")]
    private static partial void LogDeferred(ILogger logger, string clientId, string rule);

    /// <summary>Where and how to call the client back.</summary>
    /// <param name="Endpoint">The registered endpoint.</param>
    /// <param name="Member">The body member that carries the handle.</param>
    /// <param name="BearerToken">The client's client_notification_token, if it sent one.</param>
    public sealed record Callback(string Endpoint, string Member, string? BearerToken);
}
