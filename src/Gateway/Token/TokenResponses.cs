using System.Text.Json;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Token;

/// <summary>Turns token results into wire responses.</summary>
public static class TokenResponses
{
    public static IResult ToResult(TokenResult result) => result switch
    {
        TokenResult.Issued issued => Success(issued.Response),
        TokenResult.Deferred deferred => Deferred(deferred),
        TokenResult.DeferredAuthentication authentication => DeferredAuthentication(authentication),
        TokenResult.Failed failed => OAuthJsonResult.For(failed.Error),
        _ => throw new InvalidOperationException($"Unknown token result {result.GetType().Name}."),
    };

    private static OAuthJsonResult Success(TokenSuccess success) => new(StatusCodes.Status200OK, w =>
    {
        w.WriteString(OAuthParameters.AccessToken, success.AccessToken);
        w.WriteString(OAuthParameters.TokenType, success.TokenType);
        w.WriteNumber(OAuthParameters.ExpiresIn, success.ExpiresIn);
        if (success.Scope is { Length: > 0 } scope)
        {
            w.WriteString(OAuthParameters.Scope, scope);
        }

        if (success.AuthorizationDetails is { } details)
        {
            w.WritePropertyName(OAuthParameters.AuthorizationDetails);
            w.WriteRawValue(details);
        }

        if (success.RefreshToken is { } refresh)
        {
            w.WriteString(OAuthParameters.RefreshToken, refresh);
        }

        // RT-EXP: both bounds accompany every refresh token when they are finite.
        if (success.RefreshTokenTimeout is { } timeout)
        {
            w.WriteNumber("refresh_token_timeout", timeout);
        }

        if (success.AuthorizationExpiresIn is { } authorization)
        {
            w.WriteNumber("authorization_expires_in", authorization);

            // The same grant lifetime under the name clients read today (GitHub, Keycloak); RT-EXP
            // (draft-ietf-oauth-refresh-token-expiration-03 §3) names it authorization_expires_in.
            w.WriteNumber("refresh_token_expires_in", authorization);
        }

        if (success.IdToken is { } idToken)
        {
            w.WriteString("id_token", idToken);
        }

        if (success.IssuedTokenType is { } issued)
        {
            w.WriteString("issued_token_type", issued);
        }
    });

    /// <summary>
    /// DTR-OIDF draft 00 §6.3: 200 with <c>deferred_auth_id</c>, <c>expires_in</c> and <c>interval</c>, never cached.
    /// No interim ID token: the subject has signed in, but nothing about them is verified before the decision.
    /// </summary>
    private static OAuthJsonResult DeferredAuthentication(TokenResult.DeferredAuthentication authentication) => new(StatusCodes.Status200OK, (Utf8JsonWriter w) =>
    {
        w.WriteString(OAuthParameters.DeferredAuthId, authentication.DeferredAuthId);
        w.WriteNumber("expires_in", authentication.ExpiresIn);
        w.WriteNumber("interval", authentication.Interval);
    });

    /// <summary>
    /// draft-ietf-oauth-deferred-token-response-01 §6.4. <c>auth_req_id</c> repeats the code: this project's alias,
    /// so that a client with a CIBA poller (CIBA Core §7.3 names the handle so) can wait for any deferral.
    /// </summary>
    private static OAuthJsonResult Deferred(TokenResult.Deferred deferred) => new(StatusCodes.Status400BadRequest, (Utf8JsonWriter w) =>
    {
        w.WriteString(OAuthParameters.Error, deferred.InteractionUri is null ? OAuthErrors.AuthorizationPending : OAuthErrors.InteractionRequired);
        if (deferred.InteractionUri is { } interaction)
        {
            w.WriteString(OAuthParameters.InteractionUri, interaction.ToString());
        }

        w.WriteString(OAuthParameters.DeferralCode, deferred.DeferralCode);
        w.WriteString(OAuthParameters.AuthReqId, deferred.DeferralCode);
        w.WriteNumber(OAuthParameters.ExpiresIn, deferred.ExpiresIn);
        w.WriteNumber(OAuthParameters.Interval, deferred.Interval);
    });
}
