using System.Globalization;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.Minting;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Ciba;

/// <summary>
/// <c>POST /bc-authorize</c> (CIBA Core 1.0 §7). The hinted user is the subject of the request, and the request goes
/// through the same routing as every other grant: the policy decides whether the scopes may be asked for at all and
/// who must approve (owner, quorum, stages), and the subject's own consent (CIBA Core §7.1) is added to that route,
/// never put in its place (<see cref="SubjectConsent"/>). The request becomes a deferral that the CIBA grant (or the
/// DTR grant) polls; everyone decides through the approval API.
/// </summary>
public static class BackchannelAuthenticationEndpoint
{
    public const string Path = "/bc-authorize";
    private const int MaxBindingMessage = 100;

    public static IEndpointRouteBuilder MapBackchannelAuthenticationEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, ClientAuthenticator authenticator, OrganizationDirectory directory, GrantAdmission admission, DeferralStarter deferrals,
        IdTokenHints idTokenHints, CredentialGuard guard, ClientCertificates certificates, IOptions<CibaOptions> options)
    {
        var (request, client, requestError) = await authenticator.ReadAndAuthenticateAsync(http.Request);
        if (requestError is not null)
        {
            return OAuthJsonResult.For(requestError);
        }

        var result = await ValidateAsync(http, request!, client!, directory, idTokenHints, guard, options.Value);
        if (result.Error is not null)
        {
            return OAuthJsonResult.For(result.Error);
        }

        var (user, access, expiresIn, bindingMessage) = result.Value!.Value;
        var snapshot = new DeferredTokenRequest(client!.ClientId, GrantTypes.Ciba, user, access.Scopes, access.Resources, access.AuthorizationDetails, BindingMessage: bindingMessage,
            CertificateThumbprint: await certificates.BindingAsync(http, client));
        var (evaluated, riskError) = admission.Evaluate(request!, snapshot, access.AuthorizationDetailTypes);
        if (evaluated is null)
        {
            return OAuthJsonResult.For(riskError!);
        }

        var decision = SubjectConsent.Require(
            evaluated,
            user,
            TimeSpan.FromSeconds(expiresIn),
            options.Value.Interval,
            TimeSpan.FromSeconds(options.Value.ApprovalLifetime));
        if (decision is not PolicyDecision.Deferred ciba)
        {
            return OAuthJsonResult.For(DeferralAdmission.Refusal((PolicyDecision.Denied)decision));
        }

        var ping = client.BackchannelTokenDeliveryMode == "ping"
            ? new DeferralStarter.Callback(client.BackchannelClientNotificationEndpoint!, OAuthParameters.AuthReqId, request![OAuthParameters.ClientNotificationToken])
            : null;
        var (deferred, error) = await deferrals.StartAsync(snapshot, ciba, ping);
        if (error is not null)
        {
            return OAuthJsonResult.For(error);
        }

        return new OAuthJsonResult(StatusCodes.Status200OK, w =>
        {
            w.WriteString(OAuthParameters.AuthReqId, deferred!.DeferralCode);
            w.WriteNumber(OAuthParameters.ExpiresIn, deferred.ExpiresIn);
            w.WriteNumber(OAuthParameters.Interval, deferred.Interval);
        });
    }

    private static async Task<(OAuthError? Error, (string User, RequestedAccess Access, int ExpiresIn, string? BindingMessage)? Value)> ValidateAsync(
        HttpContext http, OAuthRequest request, ClientRegistration client, OrganizationDirectory directory, IdTokenHints idTokenHints, CredentialGuard guard, CibaOptions options)
    {
        if (client.Public || !client.GrantTypes.Contains(GrantTypes.Ciba, StringComparer.Ordinal))
        {
            return (new OAuthError(OAuthErrors.UnauthorizedClient, "the client may not use CIBA"), null);
        }

        var scopes = request[OAuthParameters.Scope]?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (!scopes.Contains(TokenSets.OpenIdScope, StringComparer.Ordinal))
        {
            return (new OAuthError(OAuthErrors.InvalidScope, "CIBA requests must include the openid scope"), null);
        }

        // CIBA §7.1: exactly one hint.
        var hints = new[] { "login_hint", "id_token_hint", "login_hint_token" }.Where(request.Has).ToList();
        if (hints.Count != 1)
        {
            return (OAuthError.InvalidRequest("exactly one of login_hint, id_token_hint and login_hint_token is required"), null);
        }

        var user = hints[0] switch
        {
            "login_hint" => request["login_hint"],
            "id_token_hint" => await idTokenHints.SubjectAsync(request["id_token_hint"]!, client.ClientId),
            _ => null,
        };
        if (hints[0] == "login_hint_token")
        {
            return (OAuthError.InvalidRequest("login_hint_token is not supported; use login_hint or id_token_hint"), null);
        }

        if (user is null || directory.FindUser(user) is not { PasswordHash: not null } person)
        {
            return (new OAuthError("unknown_user_id", "the hinted user is not known"), null);
        }

        // CIBA §7.1: a secret only the user knows, for clients registered to send it.
        if (client.BackchannelUserCodeParameter)
        {
            if (request["user_code"] is not { Length: > 0 } userCode)
            {
                return (new OAuthError("missing_user_code", "user_code is required for this client"), null);
            }

            // A user_code is a PIN: guessed like a password, so guarded like one (a user without one costs the same).
            var check = await guard.VerifyAsync(CredentialGuard.UserCodeAccount(person.Id), userCode, person.UserCodeHash, http.RequestAborted);
            if (check.Verdict != CredentialVerdict.Valid)
            {
                return (check.IsRefusal ? ClientAuthenticator.Refusal(check)! : new OAuthError("invalid_user_code", "the user_code is not valid"), null);
            }
        }

        var bindingMessage = request["binding_message"];
        if (bindingMessage is not null && (bindingMessage.Length > MaxBindingMessage || bindingMessage.Any(char.IsControl)))
        {
            return (new OAuthError("invalid_binding_message", $"binding_message must be plain text of at most {MaxBindingMessage} characters"), null);
        }

        var expiresIn = options.DefaultExpiresIn;
        if (request["requested_expiry"] is { } requested)
        {
            if (!int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out expiresIn) || expiresIn < 1)
            {
                return (OAuthError.InvalidRequest("requested_expiry must be a positive integer"), null);
            }

            expiresIn = Math.Clamp(expiresIn, options.Interval + 1, options.MaxExpiresIn);
        }

        if (client.BackchannelTokenDeliveryMode == "ping" && request[OAuthParameters.ClientNotificationToken] is null)
        {
            return (OAuthError.InvalidRequest("client_notification_token is required in ping mode"), null);
        }

        var (access, error) = RequestedAccess.Parse(request, client, directory);
        return error is not null ? (error, null) : (null, (user, access!, expiresIn, bindingMessage));
    }
}
