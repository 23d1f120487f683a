using System.Collections.Immutable;
using System.Diagnostics;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;

namespace DeferredOrleans.Gateway.Grants;

/// <summary>
/// OpenID Connect Deferred Token Response Flow 1.0 draft 00 (DTR-OIDF), opt-in per client (its <c>GrantTypes</c>
/// list <c>urn:openid:params:grant-type:deferred</c>): the deferred code exchange (§6.1) spends the
/// <c>deferred_code</c> as an authorization code and starts an ordinary deferral, answered 200 with the
/// <c>deferred_auth_id</c> (the deferral code under the profile's name); the polls (§9.1) are DTR polls.
/// </summary>
public sealed class OpenIdDeferredGrant(AuthorizationCodeGrant codes, GrantAdmission admission, DeferralStarter deferrals, DeferralPoller poller) : ITokenGrantHandler
{
    /// <summary>When the policy allows at once, the deferral is created already settled and lives this long.</summary>
    private static readonly TimeSpan SettledLifetime = TimeSpan.FromMinutes(10);
    private const int SettledInterval = 5;

    /// <summary>As for the DTR poll (draft-ietf-oauth-deferred-token-response-01 §5.2): a poll starts nothing.</summary>
    private static readonly string[] OriginatingParameters =
    [
        OAuthParameters.CompletionMode, OAuthParameters.Scope, OAuthParameters.Resource, OAuthParameters.Audience,
        OAuthParameters.AuthorizationDetails, OAuthParameters.Code, OAuthParameters.RefreshToken,
        OAuthParameters.SubjectToken, OAuthParameters.ActorToken, OAuthParameters.Assertion, OAuthParameters.DeferredCode,
    ];

    public string GrantType => GrantTypes.OpenIdDeferred;

    public Task<TokenResult> HandleAsync(TokenContext context)
    {
        var form = context.Request;
        return (form[OAuthParameters.DeferredCode], form[OAuthParameters.DeferredAuthId]) switch
        {
            ({ } code, null) => ExchangeAsync(context, code),
            (null, { } id) when OriginatingParameters.Any(form.Has) =>
                Task.FromResult<TokenResult>(OAuthError.InvalidRequest("a poll must not carry parameters of the originating request")),
            (null, { } id) => poller.PollAsync(context, id),
            (null, null) => Task.FromResult<TokenResult>(OAuthError.InvalidRequest("deferred_code or deferred_auth_id is required")),
            _ => Task.FromResult<TokenResult>(OAuthError.InvalidRequest("send deferred_code or deferred_auth_id, not both")),
        };
    }

    /// <summary>
    /// DTR-OIDF §6.2: the client's own, unused code (with the PKCE verifier and redirect URI of the authorization
    /// code it is, RFC 6749 §4.1.3 and RFC 7636 §4.6). Whatever the policy says, the answer is a handle: refusals
    /// aside, an allowed request gets a deferral that is settled from the start, so its first poll issues.
    /// </summary>
    private async Task<TokenResult> ExchangeAsync(TokenContext context, string deferredCode)
    {
        var notificationToken = context.Request[OAuthParameters.DeferredNotificationToken];
        if (notificationToken is not null && !DeferralAdmission.IsNotificationToken(notificationToken))
        {
            return OAuthError.InvalidRequest("deferred_notification_token is too short or malformed");
        }

        // DTR-OIDF §6 (public clients SHOULD use DPoP), held to this server's DTR rule that a public client is deferred
        // only with a key (draft-ietf-oauth-deferred-token-response-01 §11.1); checked before the code is spent.
        if (context.Client.Public && context.DpopJkt is null)
        {
            return OAuthError.InvalidRequest("a public client must present a DPoP proof to be deferred");
        }

        if (DeferredCodes.AuthorizationCode(deferredCode) is not { } code)
        {
            return new OAuthError(OAuthErrors.InvalidGrant, "the deferred code is not valid");
        }

        var (request, error) = await codes.RedeemAsync(context, code, optedIn: true);
        if (request is null)
        {
            return error!;
        }

        var verdict = await admission.DecideAsync(context, request, AuthorizationDetailTypes.Of(request.AuthorizationDetails), optedIn: true);
        var deferral = verdict switch
        {
            AdmissionVerdict.Defer defer => defer.Decision,
            AdmissionVerdict.Issue => Settled(),
            AdmissionVerdict.Refuse => null,
            _ => throw new UnreachableException(),
        };
        if (deferral is null)
        {
            return ((AdmissionVerdict.Refuse)verdict).Error;
        }

        // DTR-OIDF §8.1: the ping names the deferred_auth_id and carries the client's deferred_notification_token.
        var callback = context.Client.DeferredNotificationEndpoint is { } endpoint
            ? new DeferralStarter.Callback(endpoint, OAuthParameters.DeferredAuthId, notificationToken)
            : null;
        var (started, startError) = await deferrals.StartAsync(
            request with { DpopJkt = context.DpopJkt, CertificateThumbprint = context.CertificateThumbprint }, deferral, callback, initialDecisions: verdict is AdmissionVerdict.Defer d ? d.InitialDecisions : null);
        return startError ?? (TokenResult)new TokenResult.DeferredAuthentication(started!.DeferralCode, started.ExpiresIn, started.Interval);
    }

    /// <summary>A deferral nobody needs to approve (the policy allowed the request): settled as approved at creation.</summary>
    private static PolicyDecision.Deferred Settled() =>
        new(["allowed"], ImmutableArray<ApprovalRequirement>.Empty, SettledLifetime, SettledInterval, SettledLifetime, AllowSelfApproval: false);
}
