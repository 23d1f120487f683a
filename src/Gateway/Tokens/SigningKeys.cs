using System.Security.Cryptography;
using DeferredOrleans.Keys;

namespace DeferredOrleans.Gateway.Tokens;

/// <summary>The server's signing key and pairwise secret, fetched once from the key ring grain and kept in memory.</summary>
public sealed class SigningKeys(IGrainFactory grains) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Loaded? _loaded;

    public async ValueTask<Loaded> GetAsync()
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync();
        try
        {
            if (_loaded is null)
            {
                var ring = await grains.GetGrain<IKeyRingGrain>(KeyRingGrain.Default).GetAsync();
                var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(ring.SigningKeyPkcs8, out _);
                _loaded = new Loaded(ring.KeyId, key, ring.PairwiseSecret);
            }

            return _loaded;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _loaded?.Key.Dispose();
        _gate.Dispose();
    }

    /// <summary>The ES256 key and its id, and the pairwise-identifier secret.</summary>
    public sealed record Loaded(string KeyId, ECDsa Key, byte[] PairwiseSecret);
}
