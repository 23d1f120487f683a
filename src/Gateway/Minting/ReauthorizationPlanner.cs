using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.PolicyManagement;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// A refresh grant's lifetime and how it is re-authorized before it ends: the policy routes a request whose grant
/// type is <see cref="Reauthorizations.GrantType"/> (a rule matching it decides whom to ask); when no rule defers
/// it, the grant's subject, the account owner, is asked.
/// </summary>
public sealed class ReauthorizationPlanner(PolicyStore store, IOptions<ServerOptions> options, TimeProvider time)
{
    public const string OwnerRule = "reauthorization-owner";
    private const int DefaultIntervalSeconds = 5;

    /// <summary>How long the client's refresh grants last.</summary>
    public TimeSpan Lifetime(ClientRegistration client) => client.RefreshAuthorizationLifetime ?? options.Value.RefreshTokenLifetime;

    /// <summary>The terms of a new grant, or null when the client's grants are not re-authorized.</summary>
    public ReauthorizationTerms? TermsFor(ClientRegistration client, DeferredTokenRequest request)
    {
        if ((client.ReauthorizationLeadTime ?? options.Value.ReauthorizationLeadTime) is not { } lead)
        {
            return null;
        }

        var facts = new TokenRequestFacts(request.ClientId, Reauthorizations.GrantType, request.Subject, request.Scopes, request.Resources, [])
        {
            AuthorizationDetails = request.AuthorizationDetails,
            Now = time.GetUtcNow(),
        };
        var extension = Lifetime(client);
        return store.Policy.Evaluate(facts, store.Directory) is PolicyDecision.Deferred routed
            ? new ReauthorizationTerms(lead, options.Value.ReauthorizationGrace, string.Join(' ', routed.Rules), routed.Requirements, routed.IntervalSeconds, extension, routed.AllowSelfApproval)
            : new ReauthorizationTerms(lead, options.Value.ReauthorizationGrace, OwnerRule, Owner(request.Subject), DefaultIntervalSeconds, extension, AllowSelfApproval: false);
    }

    /// <summary>The subject decides on the grant about them (the one route open to a subject without self-approval).</summary>
    private static ImmutableArray<ApprovalRequirement> Owner(string subject) => [new ApprovalRequirement("owner", ApprovalRoute.Subject, [subject], 1)];
}
