using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// Client authentication at the token endpoint (RFC 6749 §2.3.1): <c>client_secret_basic</c> or
/// <c>client_secret_post</c>, never both at once; a public client sends only its <c>client_id</c> (method <c>none</c>).
/// Secrets are checked through the <see cref="CredentialGuard"/>: an unknown, disabled or public client that presents
/// a secret costs as much as a wrong secret, and a client over its rate or locked after failures gets 429.
/// </summary>
public sealed class ClientAuthenticator(ClientRegistry clients, CredentialGuard guard)
{
    public const string SecretBasic = "client_secret_basic";
    public const string SecretPost = "client_secret_post";
    public const string None = "none";

    private static readonly OAuthError Failed = new(OAuthErrors.InvalidClient, "client authentication failed");

    /// <summary>What every client endpoint does first: read the form, then authenticate the client that sent it.</summary>
    public async Task<(OAuthRequest? Request, ClientRegistration? Client, OAuthError? Error)> ReadAndAuthenticateAsync(HttpRequest http)
    {
        var (request, readError) = await OAuthRequestReader.ReadAsync(http, http.HttpContext.RequestAborted);
        if (readError is not null)
        {
            return (null, null, readError);
        }

        var (client, authError) = await AuthenticateAsync(http, request!);
        return (request, client, authError);
    }

    public async Task<(ClientRegistration? Client, OAuthError? Error)> AuthenticateAsync(HttpRequest http, OAuthRequest request)
    {
        var header = http.Headers.Authorization.ToString();
        var postedSecret = request[OAuthParameters.ClientSecret];
        string? clientId;
        string? secret;
        if (header.Length > 0)
        {
            if (!BasicCredentials.TryParse(header, formUrlEncoded: true, out var basicId, out var basicSecret))
            {
                return (null, Failed);
            }

            (clientId, secret) = (basicId, basicSecret);

            // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
            if (postedSecret is not null)
            {
                return (null, OAuthError.InvalidRequest("more than one client authentication method was used"));
            }

            if (request[OAuthParameters.ClientId] is { } postedId && postedId != clientId)
            {
                return (null, Failed);
            }
        }
        else
        {
            clientId = request[OAuthParameters.ClientId];
            secret = postedSecret;
        }

        if (clientId is null)
        {
            return (null, Failed);
        }

        var account = CredentialGuard.ClientAccount(clientId);
        var client = clients.Find(clientId) is { Enabled: true } enabled ? enabled : null;
        if (secret is null)
        {
            // Nothing to guess: a public client authenticates by its id alone, within its rate.
            return client is { Public: true } && header.Length == 0 ? Admitted(client, guard.Admit(account)) : (null, Failed);
        }

        var check = await guard.VerifyAsync(account, secret, client is { Public: false } ? client.SecretHash : null, http.HttpContext.RequestAborted);
        return Admitted(client, check);
    }

    /// <summary>The wire error of credentials refused before they were checked (429, or 503 when busy); null for any other verdict.</summary>
    public static OAuthError? Refusal(CredentialCheck check) => check.Verdict switch
    {
        CredentialVerdict.Throttled => new OAuthError(OAuthErrors.TooManyRequests, "too many requests for this account; retry later") { RetryAfter = check.RetryAfter },
        CredentialVerdict.LockedOut => new OAuthError(OAuthErrors.TooManyRequests, "too many failed attempts for this account; retry later") { RetryAfter = check.RetryAfter },
        CredentialVerdict.Busy => new OAuthError(OAuthErrors.TemporarilyUnavailable, "the server is busy; retry later") { RetryAfter = check.RetryAfter },
        _ => null,
    };

    private static (ClientRegistration? Client, OAuthError? Error) Admitted(ClientRegistration? client, CredentialCheck check) =>
        check.Verdict == CredentialVerdict.Valid ? (client, null) : (null, Refusal(check) ?? Failed);
}
