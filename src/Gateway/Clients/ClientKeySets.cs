using DeferredOrleans.Gateway.Jose;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DeferredOrleans.Core.Notifications;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// The public keys of <c>private_key_jwt</c> clients: from the registration's <c>Jwks</c>, or fetched from its
/// <c>JwksUri</c> through the SSRF-safe client that callbacks use (no redirects, no proxy, the address checked at
/// connect time), cached for <see cref="CacheTime"/>. A client that rotated its key is read again at once when it
/// signs with a key id not yet seen, but not more often than every <see cref="RefetchFloor"/>, so that unknown key
/// ids cannot make the server fetch on every request.
/// </summary>
public sealed partial class ClientKeySets(IOptions<CallbackOptions> callbacks, TimeProvider time, ILogger<ClientKeySets> logger) : IDisposable
{
    public static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RefetchFloor = TimeSpan.FromSeconds(30);
    private const int MaxJwksBytes = 64 * 1024;

    private readonly HttpClient _http = SafeHttp.CreateClient(callbacks.Value.AllowPrivateTargets, TimeSpan.FromSeconds(5));
    private readonly ConditionalWeakTable<ClientRegistration, TrustedIssuers> _configured = [];
    private readonly ConcurrentDictionary<string, (TrustedIssuers Keys, DateTimeOffset FetchedAt)> _fetched = new(StringComparer.Ordinal);

    /// <summary>The client's keys as a verifier of JWTs whose <c>iss</c> is its id, or null when none can be had.</summary>
    /// <param name="refresh">Read a <c>JwksUri</c> again (when a key id was not found), unless it was read very recently.</param>
    public async Task<TrustedIssuers?> GetAsync(ClientRegistration client, bool refresh, CancellationToken cancellationToken)
    {
        if (client.Jwks.Count > 0)
        {
            return _configured.GetValue(client, c => new TrustedIssuers([new TrustedIssuerOptions { Issuer = c.ClientId, Keys = c.Jwks }], "client"));
        }

        if (client.JwksUri is not { } uri)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var key = $"{client.ClientId}\n{uri}";
        if (_fetched.TryGetValue(key, out var cached) && now - cached.FetchedAt < (refresh ? RefetchFloor : CacheTime))
        {
            return cached.Keys;
        }

        var keys = await FetchAsync(client.ClientId, uri, cancellationToken);
        if (keys is null)
        {
            return _fetched.TryGetValue(key, out var stale) ? stale.Keys : null;
        }

        _fetched[key] = (keys, now);
        return keys;
    }

    public void Dispose() => _http.Dispose();

    private async Task<TrustedIssuers?> FetchAsync(string clientId, string uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(uri), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxJwksBytes)
            {
                LogFetchFailed(logger, clientId, $"HTTP {(int)response.StatusCode}");
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var limited = new MemoryStream();
            await body.CopyToAsync(limited, 8192, cancellationToken);
            if (limited.Length > MaxJwksBytes)
            {
                LogFetchFailed(logger, clientId, "the key set is too large");
                return null;
            }

            using var document = JsonDocument.Parse(limited.ToArray());
            var keys = document.RootElement.GetProperty("keys").EnumerateArray()
                .Where(k => !k.TryGetProperty("use", out var use) || use.GetString() == "sig")
                .Select(k => new TrustedKeyOptions
                {
                    Kid = Text(k, "kid"), Kty = Text(k, "kty") ?? "", Crv = Text(k, "crv"), X = Text(k, "x"), Y = Text(k, "y"), N = Text(k, "n"), E = Text(k, "e"),
                })
                .ToList();
            return keys.Count == 0 ? null : new TrustedIssuers([new TrustedIssuerOptions { Issuer = clientId, Keys = keys }], "client");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException)
        {
            LogFetchFailed(logger, clientId, e.GetType().Name);
            return null;
        }
    }

    private static string? Text(JsonElement key, string name) =>
        key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The key set of client {ClientId} could not be read: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string clientId, string reason);
}
