using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// Client authentication at the token endpoint (RFC 6749 §2.3.1): <c>client_secret_basic</c> or
/// <c>client_secret_post</c>, never both at once; a public client sends only its <c>client_id</c> (method <c>none</c>).
/// </summary>
public sealed class ClientAuthenticator(ClientRegistry clients, SecretVerifier secrets)
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

        var (client, authError) = Authenticate(http, request!);
        return (request, client, authError);
    }

    public (ClientRegistration? Client, OAuthError? Error) Authenticate(HttpRequest http, OAuthRequest request)
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

        if (clientId is null || clients.Find(clientId) is not { Enabled: true } client)
        {
            return (null, Failed);
        }

        if (client.Public)
        {
            return secret is null && header.Length == 0 ? (client, null) : (null, Failed);
        }

        return secret is not null && client.SecretHash is { } hash && secrets.Verify(secret, hash) ? (client, null) : (null, Failed);
    }
}
