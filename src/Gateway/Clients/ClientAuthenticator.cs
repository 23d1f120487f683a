using DeferredOrleans.Core.Clients;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// Client authentication at every client endpoint (RFC 6749 §2.3.1): <c>client_secret_basic</c> or
/// <c>client_secret_post</c>, never both at once; <c>private_key_jwt</c> (RFC 7523 §2.2, <see cref="ClientAssertions"/>);
/// a public client sends only its <c>client_id</c> (method <c>none</c>); a <c>tls_client_auth</c> or
/// <c>self_signed_tls_client_auth</c> client sends its <c>client_id</c> over a connection with its certificate (RFC 8705 §2,
/// <see cref="ClientCertificates"/>). Secrets are checked through the
/// <see cref="CredentialGuard"/>: an unknown, disabled or public client that presents a secret costs as much as a
/// wrong secret, and a client over its rate or locked after failures gets 429. Each client uses only its registered
/// method: a secret never authenticates a <c>private_key_jwt</c> client, nor an assertion a secret client.
/// </summary>
public sealed class ClientAuthenticator(ClientStore clients, CredentialGuard guard, ClientAssertions assertions, ClientCertificates certificates)
{
    public const string SecretBasic = ClientAuthMethods.SecretBasic;
    public const string SecretPost = ClientAuthMethods.SecretPost;
    public const string PrivateKeyJwt = ClientAuthMethods.PrivateKeyJwt;
    public const string None = ClientAuthMethods.None;
    public const string TlsClientAuth = ClientAuthMethods.TlsClientAuth;
    public const string SelfSignedTlsClientAuth = ClientAuthMethods.SelfSignedTlsClientAuth;

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
        if (request[OAuthParameters.ClientAssertionType] is not null || request[OAuthParameters.ClientAssertion] is not null)
        {
            return await AuthenticateAssertionAsync(http, request);
        }

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
        var client = await clients.FindAsync(clientId) is { Enabled: true } enabled ? enabled : null;
        if (secret is null)
        {
            if (client is { UsesMutualTls: true } && header.Length == 0)
            {
                return await AuthenticateCertificateAsync(http, client, account);
            }

            // Nothing to guess: a public client authenticates by its id alone, within its rate.
            return client is { Public: true } && header.Length == 0 ? Admitted(client, guard.Admit(account)) : (null, Failed);
        }

        var check = await guard.VerifyAsync(account, secret, client is { Public: false, UsesPrivateKeyJwt: false } ? client.SecretHash : null, http.HttpContext.RequestAborted);
        return Admitted(client, check);
    }

    /// <summary>RFC 7521 §4.2 and RFC 7523 §2.2: <c>client_assertion_type</c> and <c>client_assertion</c>, alone.</summary>
    private async Task<(ClientRegistration? Client, OAuthError? Error)> AuthenticateAssertionAsync(HttpRequest http, OAuthRequest request)
    {
        if (http.Headers.Authorization.Count > 0 || request[OAuthParameters.ClientSecret] is not null)
        {
            return (null, OAuthError.InvalidRequest("more than one client authentication method was used"));
        }

        if (request[OAuthParameters.ClientAssertionType] != ClientAssertions.AssertionType || request[OAuthParameters.ClientAssertion] is not { } assertion)
        {
            return (null, OAuthError.InvalidRequest($"client_assertion_type must be {ClientAssertions.AssertionType}, with a client_assertion"));
        }

        // The assertion names its client; a client_id sent beside it must be the same (RFC 7521 §4.2).
        var clientId = ClientAssertions.ClaimedClient(assertion);
        if (clientId is null || (request[OAuthParameters.ClientId] is { } postedId && postedId != clientId))
        {
            return (null, Failed);
        }

        return await AdmitThenVerifyAsync(CredentialGuard.ClientAccount(clientId), async () =>
        {
            var client = await clients.FindAsync(clientId) is { Enabled: true, UsesPrivateKeyJwt: true } found ? found : null;
            return (client, client is not null && await assertions.VerifyAsync(client, assertion, http.HttpContext.RequestAborted));
        });
    }

    /// <summary>RFC 8705 §2: the client is authenticated by the certificate of the connection, which it must present.</summary>
    private Task<(ClientRegistration? Client, OAuthError? Error)> AuthenticateCertificateAsync(HttpRequest http, ClientRegistration client, string account) =>
        AdmitThenVerifyAsync(account, async () =>
        {
            var certificate = await certificates.ReadAsync(http.HttpContext);
            return (client, certificate is not null && certificates.Authenticates(client, certificate));
        });

    /// <summary>
    /// For credentials with no PBKDF2 to protect (assertions, certificates): the account's rate and lockout still
    /// apply before the check, and a failed check counts toward the lockout.
    /// </summary>
    private async Task<(ClientRegistration? Client, OAuthError? Error)> AdmitThenVerifyAsync(string account, Func<Task<(ClientRegistration? Client, bool Verified)>> verify)
    {
        var admission = guard.Admit(account);
        if (admission.Verdict != CredentialVerdict.Valid)
        {
            return (null, Refusal(admission) ?? Failed);
        }

        var (client, verified) = await verify();
        return Admitted(client, guard.Record(account, verified));
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
