using System.Security.Cryptography;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Keys;

namespace DeferredOrleans.Gateway.Minting;

/// <summary>The server's key ring (signing key, pairwise secret, sealing key), fetched once from its grain and kept in memory.</summary>
public sealed class ServerKeys(IGrainFactory grains) : IDisposable
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
                var ring = await grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
                var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(ring.SigningKeyPkcs8, out _);
                _loaded = new Loaded(ring.KeyId, key, ring.PairwiseSecret, ring.SealingKey);
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

    /// <summary>The ES256 key and its id, the pairwise-identifier secret, and the sealing key.</summary>
    public sealed record Loaded(string KeyId, ECDsa Key, byte[] PairwiseSecret, byte[] SealingKey);
}
