using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// The server's key ring (signing keys, pairwise secret, sealing key) as this gateway uses it: read from its grain,
/// kept in memory, and read again every <see cref="SigningKeyOptions.RefreshInterval"/> so that a rotation made
/// anywhere reaches this gateway within that time. Rotations are asked for here, with the timings the gateways know.
/// </summary>
public sealed partial class ServerKeys(
    IGrainFactory grains,
    IOptions<SigningKeyOptions> options,
    IOptions<ServerOptions> server,
    TimeProvider time,
    ILogger<ServerKeys> logger) : IDisposable
{
    /// <summary>How soon a failed refresh is tried again, while the ring read before keeps serving.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SigningKeyOptions _options = options.Value;
    private Dictionary<string, PublishedKey> _keys = new(StringComparer.Ordinal);
    private Loaded? _loaded;
    private DateTimeOffset _refreshAt;

    public async ValueTask<Loaded> GetAsync()
    {
        if (_loaded is { } loaded && time.GetUtcNow() < _refreshAt)
        {
            return loaded;
        }

        await _gate.WaitAsync();
        try
        {
            if (_loaded is null || time.GetUtcNow() >= _refreshAt)
            {
                await LoadAsync();
            }

            return _loaded!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rotates the signing keys and reads the ring again, so that this gateway signs with the new key at once.</summary>
    public async Task<KeyRotationResult> RotateAsync(string? ifCurrent = null)
    {
        var request = new KeyRotationRequest(_options.PublicationDelay, RetiredKeyLifetime(), ifCurrent);
        var result = await grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).RotateAsync(request);
        await _gate.WaitAsync();
        try
        {
            await LoadAsync();
        }
        finally
        {
            _gate.Release();
        }

        return result;
    }

    /// <summary>
    /// How long a retired key stays published: until the last token it signed has expired. Gateways keep signing
    /// with it until their next refresh, and verifiers' clocks may be behind.
    /// </summary>
    public TimeSpan RetiredKeyLifetime()
    {
        var tokens = server.Value.AccessTokenLifetime > server.Value.IdTokenLifetime ? server.Value.AccessTokenLifetime : server.Value.IdTokenLifetime;
        return tokens + _options.RefreshInterval + _options.ClockSkew;
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Key.Dispose();
        }

        _gate.Dispose();
    }

    private async Task LoadAsync()
    {
        KeyRing ring;
        try
        {
            ring = await grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
        }
        catch (Exception e) when (_loaded is not null)
        {
            // The ring read before stays good for signing and verifying; a storage outage must not stop issuance.
            LogRefreshFailed(logger, e);
            _refreshAt = time.GetUtcNow() + RetryAfterFailure;
            return;
        }

        // A key keeps its ECDsa object from one refresh to the next: requests may be using it right now.
        var keys = new Dictionary<string, PublishedKey>(StringComparer.Ordinal);
        foreach (var key in ring.SigningKeys)
        {
            var signs = key.PrivateKeyPkcs8 is not null;
            keys[key.Info.KeyId] = _keys.TryGetValue(key.Info.KeyId, out var known) && known.Signs == signs
                ? known with { Info = key.Info }
                : new PublishedKey(key.Info, key.X, key.Y, Import(key), signs);
        }

        var current = keys[ring.Current.Info.KeyId];
        _keys = keys;
        _loaded = new Loaded(current.Info.KeyId, current.Key, ring.PairwiseSecret, ring.SealingKey, [.. keys.Values.OrderBy(k => PublicationOrder(k.Info.State)).ThenByDescending(k => k.Info.CreatedAt)]);
        _refreshAt = time.GetUtcNow() + _options.RefreshInterval;
        if (_options.RotationPeriod is { } period && ring.Pending is null && current.Info.ActivatedAt + period <= time.GetUtcNow())
        {
            // Every gateway may get here; the grain rotates only for the first, whose current key this still is.
            var result = await grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).RotateAsync(new KeyRotationRequest(_options.PublicationDelay, RetiredKeyLifetime(), current.Info.KeyId));
            LogPeriodicRotation(logger, result.Outcome, current.Info.KeyId);
            _refreshAt = time.GetUtcNow();
        }
    }

    /// <summary>The current key first, for verifiers that try the first key of a set; then the next one, then the retired.</summary>
    private static int PublicationOrder(SigningKeyState state) => state switch
    {
        SigningKeyState.Current => 0,
        SigningKeyState.Next => 1,
        _ => 2,
    };

    private static ECDsa Import(SigningKey key)
    {
        if (key.PrivateKeyPkcs8 is { } pkcs8)
        {
            var signing = ECDsa.Create();
            signing.ImportPkcs8PrivateKey(pkcs8, out _);
            return signing;
        }

        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(key.X), Y = Base64Url.DecodeFromChars(key.Y) },
        });
    }

    /// <summary>A published key: its id, state and public coordinates, and the key object that verifies (and, if current, signs).</summary>
    public sealed record PublishedKey(SigningKeyInfo Info, string X, string Y, ECDsa Key, bool Signs);

    /// <summary>The current ES256 key and its id, every published key, the pairwise-identifier secret, and the sealing key.</summary>
    public sealed record Loaded(string KeyId, ECDsa Key, byte[] PairwiseSecret, byte[] SealingKey, ImmutableArray<PublishedKey> Published)
    {
        /// <summary>The published key a token names in its <c>kid</c>, or null: any of them verifies (RFC 7515 §4.1.4).</summary>
        public ECDsa? VerificationKey(string? keyId) => Published.FirstOrDefault(k => k.Info.KeyId == keyId)?.Key;
    }
}
