using System.Security.Cryptography;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.Crypto;

namespace DeferredOrleans.Grains.Keys;

/// <summary>Generates the server's signing key and pairwise secret once, stores them, and hands them out.</summary>
public sealed class KeyRingGrain(
    [PersistentState("keyring", StorageNames.Keys)] IPersistentState<KeyRingState> state,
    TimeProvider time) : Grain, IKeyRingGrain
{
    public async Task<KeyRing> GetAsync()
    {
        if (state.State.Ring is { } ring)
        {
            return ring;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        state.State.Ring = new KeyRing(
            EcJwk.Thumbprint(key),
            key.ExportPkcs8PrivateKey(),
            RandomNumberGenerator.GetBytes(32),
            time.GetUtcNow(),
            RandomNumberGenerator.GetBytes(32));
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            state.State.Ring = null;
            throw;
        }

        return state.State.Ring;
    }
}
