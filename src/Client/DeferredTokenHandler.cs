using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeferredOrleans.Client;

/// <summary>
/// A <see cref="DelegatingHandler"/> that answers a resource server's challenge (RFC 6750 §3.1, RFC 9728 §5.1) by
/// getting the token it names, waiting through any deferral, and retrying the request once. The trust rules:
/// <list type="bullet">
/// <item>the resource's metadata must name the request's URL (RFC 9728 §3.3), and a token goes only to URLs its resource names;</item>
/// <item>the authorization server must be one the handler trusts, and both it and the metadata https outside development;</item>
/// <item>an audience other than the resource's URL (<c>token_audience</c>) is requested only for a trusted resource server.</item>
/// </list>
/// When a rule refuses, the challenge is returned as it came, and nothing was sent anywhere.
/// </summary>
public sealed partial class DeferredTokenHandler : DelegatingHandler
{
    /// <summary>RFC 9728 §3: the metadata's well-known path, the fallback without <c>resource_metadata</c>.</summary>
    public const string WellKnownPath = "/.well-known/oauth-protected-resource";

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(1);

    private readonly string _name;
    private readonly DeferredTokenHandlerOptions _options;
    private readonly HttpClient _backchannel;
    private readonly DeferredTokenCache _cache;
    private readonly bool _allowHttp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>
    /// A handler for the named client. <paramref name="backchannel"/> fetches metadata and talks to authorization
    /// servers (never through this handler); <paramref name="isDevelopment"/> lets http through when the options leave it open.
    /// </summary>
    public DeferredTokenHandler(string name, DeferredTokenHandlerOptions options, HttpClient backchannel, DeferredTokenCache cache,
        bool isDevelopment = false, TimeProvider? time = null, ILogger<DeferredTokenHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _options = options;
        _backchannel = backchannel;
        _cache = cache;
        _allowHttp = options.AllowHttp ?? isDevelopment;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Sends the request with any token held for it; on a Bearer challenge, gets the token it names and retries once.</summary>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");

        // The request may go out twice: its body must be readable twice.
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var held = _cache.Find(_name, target, _time.GetUtcNow());
        if (held is not null)
        {
            Attach(request, held.Token);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (BearerChallenge.From(response) is not { } challenge)
        {
            return response;
        }

        // RFC 6750 §3.1: invalid_token means the token we sent is no good (revoked, expired early): forget it.
        if (held is not null && challenge.Error == OAuthWire.InvalidToken)
        {
            _cache.Remove(_name, held);
        }

        CachedToken? token;
        try
        {
            token = await ObtainAsync(target, challenge, held, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (token is null || (held is not null && token.Token.AccessToken == held.Token.AccessToken))
        {
            return response;
        }

        response.Dispose();
        Attach(request, token.Token);
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<CachedToken?> ObtainAsync(Uri target, BearerChallenge challenge, CachedToken? held, CancellationToken cancellationToken)
    {
        var metadataUri = challenge.ResourceMetadata ?? new Uri(target.GetLeftPart(UriPartial.Authority) + WellKnownPath);
        if (!ResourceTrust.IsAllowedScheme(metadataUri, _allowHttp))
        {
            LogRefused(_logger, target, $"the resource metadata {metadataUri} is not https");
            return null;
        }

        var metadata = await FetchMetadataAsync(metadataUri, cancellationToken);
        if (metadata is null)
        {
            LogRefused(_logger, target, $"no protected-resource metadata at {metadataUri}");
            return null;
        }

        if (!ResourceTrust.Names(metadata.Resource, target))
        {
            LogRefused(_logger, target, $"the metadata's resource {metadata.Resource} does not name the request (RFC 9728 §3.3)");
            return null;
        }

        if (ResourceTrust.ChooseAuthorizationServer(metadata, _options.TrustedAuthorizationServers) is not { } issuer)
        {
            LogRefused(_logger, target, $"none of its authorization servers ({string.Join(", ", metadata.AuthorizationServers.Select(a => a.OriginalString))}) is trusted");
            return null;
        }

        if (!ResourceTrust.IsAllowedScheme(issuer, _allowHttp))
        {
            LogRefused(_logger, target, $"the authorization server {issuer} is not https");
            return null;
        }

        if (ResourceTrust.Audience(metadata, _options.TrustedResourceServers) is not { } audience)
        {
            LogRefused(_logger, target, $"it asks for audience '{metadata.TokenAudience}' and {metadata.Resource.GetLeftPart(UriPartial.Authority)} is not a trusted resource server");
            return null;
        }

        var scope = challenge.Scope ?? "";
        var gate = _cache.Gate(_name, metadata.Resource, scope);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have waited for the same approval meanwhile; the token just refused is no answer.
            if (_cache.Get(_name, metadata.Resource, scope, _time.GetUtcNow()) is { } cached && cached.Token.AccessToken != held?.Token.AccessToken)
            {
                return cached;
            }

            var client = _cache.Client(_name, issuer, () => new DeferredTokenClient(_backchannel, new DeferredTokenClientOptions
            {
                Issuer = issuer,
                ClientId = _options.ClientId,
                ClientSecret = _options.ClientSecret,
                DpopKey = _options.DpopKey,
                RequireHttps = !_allowHttp,
                OnInteractionRequired = _options.OnInteractionRequired,
            }, _time));
            var request = _options.SubjectToken is { } subject
                ? TokenRequest.TokenExchange(await subject(cancellationToken), challenge.Scope, audience)
                : TokenRequest.ClientCredentials(challenge.Scope, audience);

            LogRequesting(_logger, target, scope, audience, issuer);
            var token = await client.RequestTokenAsync(request, _options.Progress, cancellationToken);
            var now = _time.GetUtcNow();
            var lifetime = token.ExpiresIn is > 0 ? TimeSpan.FromSeconds(token.ExpiresIn.Value) - _options.ExpirySkew : DefaultLifetime;
            var entry = new CachedToken(metadata.Resource, scope, token, now, now + (lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero));
            _cache.Set(_name, entry);
            return entry;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ProtectedResourceMetadata?> FetchMetadataAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await _backchannel.GetAsync(uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        try
        {
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return ProtectedResourceMetadata.Parse(json.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>RFC 6750 §2.1 Bearer; RFC 9449 §7.1 DPoP with a proof carrying the token's hash.</summary>
    private void Attach(HttpRequestMessage request, TokenResponse token)
    {
        request.Headers.Remove(OAuthWire.DpopHeader);
        if (token.IsDpopBound && _options.DpopKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(OAuthWire.DpopScheme, token.AccessToken);
            request.Headers.Add(OAuthWire.DpopHeader, key.CreateProof(request.Method, request.RequestUri!, _time.GetUtcNow(), accessToken: token.AccessToken));
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(OAuthWire.BearerScheme, token.AccessToken);
        }
    }
}
