using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Core.Authorization;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Primitives;

namespace DeferredOrleans.Gateway.Authorization;

/// <summary>
/// A validated authorization request (RFC 6749 §4.1.1 with PKCE required, <see cref="Pkce"/>). Until the client and
/// its redirect URI are known good, errors are shown to the user; after that they go back to the client (§4.1.2.1).
/// </summary>
public sealed record AuthorizationRequest(
    ClientRegistration Client,
    string RedirectUri,
    string? State,
    string? Nonce,
    RequestedAccess Access,
    string CodeChallenge,
    bool DeferredHint,
    IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>
    /// DTR-OIDF draft 00 §5.1: the response carries a <c>deferred_code</c> for the deferred code exchange instead of an
    /// authorization code.
    /// </summary>
    public bool DeferredCode { get; init; }

    /// <summary>The authorization parameters that are carried through the sign-in and consent forms.</summary>
    public static readonly string[] Names =
    [
        "response_type", OAuthParameters.ClientId, OAuthParameters.RedirectUri, OAuthParameters.Scope, "state", "nonce",
        OAuthParameters.CodeChallenge, OAuthParameters.CodeChallengeMethod,
        OAuthParameters.Resource, OAuthParameters.AuthorizationDetails, OAuthParameters.CompletionMode,
    ];

    public static async Task<AuthorizationOutcome> ParseAsync(IEnumerable<KeyValuePair<string, StringValues>> input, ClientStore clients, OrganizationDirectory directory)
    {
        var relevant = input.Where(p => Names.Contains(p.Key, StringComparer.Ordinal)).ToList();
        var (request, duplicate) = OAuthRequest.From(relevant);
        var parameters = relevant.SelectMany(p => p.Value.OfType<string>().Where(v => v.Length > 0).Select(v => KeyValuePair.Create(p.Key, v))).ToList();
        if (request is null || duplicate is not null)
        {
            // Which redirect URI to trust is unclear, so the user is told instead (RFC 6749 §4.1.2.1).
            return AuthorizationOutcome.ShowError("The request repeats a parameter.");
        }

        var clientId = request[OAuthParameters.ClientId] ?? "";
        var redirectUri = request[OAuthParameters.RedirectUri] ?? "";
        if (await clients.FindAsync(clientId) is not { Enabled: true } client)
        {
            return AuthorizationOutcome.ShowError("The application is not known.");
        }

        // RFC 6749 §3.1.2.3 and RFC 9700 §4.1.1: exact match against a registered redirect URI.
        if (!client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return AuthorizationOutcome.ShowError("The redirect address is not registered for this application.");
        }

        var state = request["state"];
        if (ResponseTypes.Parse(request["response_type"]) is not { } responseType)
        {
            return AuthorizationOutcome.Redirect(redirectUri, state, "unsupported_response_type", "response_type must be code, deferred_code or \"deferred_code code\"");
        }

        // DTR-OIDF draft 00 §5.3 step 2: the client must be registered for the deferred flow (its grant type).
        var grantType = responseType == ResponseTypes.DeferredCode ? GrantTypes.OpenIdDeferred : GrantTypes.AuthorizationCode;
        if (!client.GrantTypes.Contains(grantType, StringComparer.Ordinal))
        {
            return AuthorizationOutcome.Redirect(redirectUri, state, OAuthErrors.UnauthorizedClient, $"the client may not use the {grantType} grant");
        }

        // RFC 7636 §4.3 and RFC 9700 §2.1.1: PKCE is required, with S256.
        var challenge = request[OAuthParameters.CodeChallenge];
        if (!Pkce.IsWellFormedChallenge(challenge) || !Pkce.IsAcceptedMethod(request[OAuthParameters.CodeChallengeMethod]))
        {
            return AuthorizationOutcome.Redirect(redirectUri, state, OAuthErrors.InvalidRequest, $"PKCE with code_challenge_method={Pkce.S256} is required");
        }

        var (access, error) = RequestedAccess.Parse(request, client, directory);
        if (error is not null)
        {
            return AuthorizationOutcome.Redirect(redirectUri, state, error.Error, error.Description);
        }

        return AuthorizationOutcome.Valid(new AuthorizationRequest(
            client, redirectUri, state, request["nonce"], access!, challenge, CompletionMode.AllowsDeferral(request), parameters)
        {
            DeferredCode = responseType == ResponseTypes.DeferredCode,
        });
    }

    /// <summary>A digest of the parameters, binding a sign-in ticket to exactly this request.</summary>
    public string Digest()
    {
        var canonical = string.Join('\n', Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>The result of parsing an authorization request.</summary>
public sealed record AuthorizationOutcome(AuthorizationRequest? Request, string? UserError, Uri? ErrorRedirect)
{
    public static AuthorizationOutcome Valid(AuthorizationRequest request) => new(request, null, null);

    public static AuthorizationOutcome ShowError(string message) => new(null, message, null);

    public static AuthorizationOutcome Redirect(string redirectUri, string? state, string error, string? description) =>
        new(null, null, AuthorizationResponse.Build(redirectUri, [new("error", error), new("error_description", description), new("state", state)]));
}

/// <summary>Redirects back to the client (RFC 6749 §4.1.2, with RFC 9207 <c>iss</c> added by the endpoint).</summary>
public static class AuthorizationResponse
{
    public static Uri Build(string redirectUri, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}"));
        return new Uri(redirectUri + (redirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query);
    }
}
