using System.Collections.Concurrent;

namespace DeferredOrleans.Client;

/// <summary>
/// The handlers' shared state, a singleton because <c>IHttpClientFactory</c> recycles handlers: tokens per
/// (client name, resource, scope), one token request at a time per key, and one <see cref="DeferredTokenClient"/>
/// per authorization server (its discovery and DPoP nonce).
/// </summary>
public sealed class DeferredTokenCache
{
    private readonly ConcurrentDictionary<(string Name, string Resource, string Scope), CachedToken> _tokens = new();
    private readonly ConcurrentDictionary<(string Name, string Resource, string Scope), SemaphoreSlim> _gates = new();
    private readonly ConcurrentDictionary<(string Name, string Issuer), DeferredTokenClient> _clients = new();

    /// <summary>How many tokens are held (for tests and diagnostics).</summary>
    public int Count => _tokens.Count;

    internal CachedToken? Get(string name, Uri resource, string scope, DateTimeOffset now) =>
        _tokens.TryGetValue((name, resource.OriginalString, scope), out var token) && token.ExpiresAt > now ? token : null;

    /// <summary>The token for the most specific resource that names <paramref name="request"/>, newest first.</summary>
    internal CachedToken? Find(string name, Uri request, DateTimeOffset now) =>
        _tokens.Where(e => e.Key.Name == name && e.Value.ExpiresAt > now && ResourceTrust.Names(e.Value.Resource, request))
            .Select(e => e.Value)
            .OrderByDescending(t => t.Resource.AbsolutePath.TrimEnd('/').Length)
            .ThenByDescending(t => t.ObtainedAt)
            .FirstOrDefault();

    internal void Set(string name, CachedToken token) => _tokens[(name, token.Resource.OriginalString, token.Scope)] = token;

    internal void Remove(string name, CachedToken token) =>
        _tokens.TryRemove(new KeyValuePair<(string, string, string), CachedToken>((name, token.Resource.OriginalString, token.Scope), token));

    internal SemaphoreSlim Gate(string name, Uri resource, string scope) => _gates.GetOrAdd((name, resource.OriginalString, scope), _ => new SemaphoreSlim(1, 1));

    internal DeferredTokenClient Client(string name, Uri issuer, Func<DeferredTokenClient> create) =>
        _clients.GetOrAdd((name, issuer.OriginalString.TrimEnd('/')), _ => create());
}
