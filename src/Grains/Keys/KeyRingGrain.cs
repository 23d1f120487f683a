using System.Collections.Immutable;
using System.Security.Cryptography;
using DeferredOrleans.Abstractions.Keys;
using DeferredOrleans.Core.Crypto;
using DeferredOrleans.Core.Keys;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Keys;

/// <summary>
/// Keeps the server's secrets in grain storage encrypted under a key-encryption key that storage does not hold
/// (<see cref="KeyEncryptionKey"/>), rotates the signing keys by
/// <see cref="SigningKeyRotation"/>, and hands the ring out in clear from memory.
/// </summary>
public sealed partial class KeyRingGrain(
    [PersistentState("keyring", StorageNames.Keys)] IPersistentState<KeyRingState> state,
    KeyEncryptionKey keyEncryptionKey,
    TimeProvider time,
    ILogger<KeyRingGrain> logger) : Grain, IKeyRingGrain
{
    private readonly KeyRingProtection _protection = new(keyEncryptionKey);
    private KeyRing? _ring;
    private AuditSigningKey? _auditKey;

    public async Task<KeyRing> GetAsync()
    {
        await ChangeAsync((schedule, newKey) => SigningKeyRotation.Advance(schedule, time.GetUtcNow(), newKey));
        return _ring ??= Open();
    }

    public Task<SigningKeySchedule> GetScheduleAsync() =>
        ChangeAsync((schedule, newKey) => SigningKeyRotation.Advance(schedule, time.GetUtcNow(), newKey));

    public async Task<KeyRotationResult> RotateAsync(KeyRotationRequest request)
    {
        var outcome = KeyRotationOutcome.Unchanged;
        var schedule = await ChangeAsync((current, newKey) =>
        {
            (outcome, var next) = SigningKeyRotation.Rotate(current, request, time.GetUtcNow(), newKey);
            return next;
        });
        LogRotation(logger, outcome, SigningKeyRotation.Current(schedule).KeyId, schedule.Pending?.At);
        return new KeyRotationResult(outcome, schedule);
    }

    public async Task<AuditSigningKey> GetAuditKeyAsync()
    {
        var stored = state.State;
        if (stored.AuditKey is null || stored.AuditKeyId is null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var keyId = EcJwk.Thumbprint(key);
            stored.AuditKey = Protect(_protection.AuditKey(keyId), key);
            stored.AuditKeyId = keyId;
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception)
            {
                (stored.AuditKey, stored.AuditKeyId) = (null, null);
                throw;
            }
        }

        try
        {
            return _auditKey ??= new AuditSigningKey(
                stored.AuditKeyId, stored.AuditKey.X, stored.AuditKey.Y, _protection.AuditKey(stored.AuditKeyId).Unprotect(stored.AuditKey.ProtectedPrivateKey));
        }
        catch (CryptographicException e)
        {
            LogUndecryptable(logger, e);
            throw;
        }
    }

    /// <summary>
    /// Applies a change of the schedule, creating (encrypted) whatever it needs, and stores it when anything changed;
    /// a ring stored in clear by an earlier version is rewritten encrypted here, once.
    /// </summary>
    private async Task<SigningKeySchedule> ChangeAsync(Func<SigningKeySchedule, Func<string>, SigningKeySchedule> change)
    {
        var stored = state.State;
        var keys = new Dictionary<string, StoredSigningKey>(stored.SigningKeys, StringComparer.Ordinal);
        var schedule = stored.Schedule ?? SigningKeySchedule.Empty;
        var pairwise = stored.ProtectedPairwiseSecret;
        var sealing = stored.ProtectedSealingKey;
        var legacy = stored.Ring;
        if (legacy is not null)
        {
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(legacy.SigningKeyPkcs8, out _);
            keys[legacy.KeyId] = Protect(legacy.KeyId, key);
            schedule = new SigningKeySchedule([new SigningKeyInfo(legacy.KeyId, SigningKeyState.Current, legacy.CreatedAt, ActivatedAt: legacy.CreatedAt)]);
            pairwise = _protection.PairwiseSecret.Protect(legacy.PairwiseSecret);
            sealing = _protection.SealingKey.Protect(legacy.SealingKey);
        }

        pairwise ??= _protection.PairwiseSecret.Protect(RandomNumberGenerator.GetBytes(32));
        sealing ??= _protection.SealingKey.Protect(RandomNumberGenerator.GetBytes(32));
        var next = change(schedule, () => NewKey(keys));
        if (legacy is null && stored.Schedule is not null && Same(stored.Schedule, next))
        {
            return next;
        }

        var before = (stored.Ring, stored.Schedule, stored.SigningKeys, stored.ProtectedPairwiseSecret, stored.ProtectedSealingKey);
        stored.Ring = null;
        stored.Schedule = next;
        stored.SigningKeys = keys.Where(k => next.Keys.Any(i => i.KeyId == k.Key)).ToDictionary(StringComparer.Ordinal);
        stored.ProtectedPairwiseSecret = pairwise;
        stored.ProtectedSealingKey = sealing;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            (stored.Ring, stored.Schedule, stored.SigningKeys, stored.ProtectedPairwiseSecret, stored.ProtectedSealingKey) = before;
            throw;
        }

        if (legacy is not null)
        {
            LogMigrated(logger, legacy.KeyId);
        }

        _ring = null;
        return next;
    }

    /// <summary>The ring in clear: every published key's public part, the current key's private part, the secrets.</summary>
    private KeyRing Open()
    {
        var stored = state.State;
        try
        {
            var signing = stored.Schedule!.Keys.Select(info =>
            {
                var key = stored.SigningKeys[info.KeyId];
                var privateKey = info.State == SigningKeyState.Current ? _protection.SigningKey(info.KeyId).Unprotect(key.ProtectedPrivateKey) : null;
                return new SigningKey(info, key.X, key.Y, privateKey);
            }).ToImmutableArray();
            return new KeyRing(
                signing,
                _protection.PairwiseSecret.Unprotect(stored.ProtectedPairwiseSecret!),
                _protection.SealingKey.Unprotect(stored.ProtectedSealingKey!),
                stored.Schedule.Pending);
        }
        catch (CryptographicException e)
        {
            LogUndecryptable(logger, e);
            throw;
        }
    }

    private string NewKey(Dictionary<string, StoredSigningKey> keys)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = EcJwk.Thumbprint(key);
        keys[keyId] = Protect(keyId, key);
        return keyId;
    }

    private StoredSigningKey Protect(string keyId, ECDsa key) => Protect(_protection.SigningKey(keyId), key);

    private static StoredSigningKey Protect(Microsoft.AspNetCore.DataProtection.IDataProtector protector, ECDsa key)
    {
        var (x, y) = EcJwk.PublicCoordinates(key);
        var privateKey = key.ExportPkcs8PrivateKey();
        try
        {
            return new StoredSigningKey(x, y, protector.Protect(privateKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static bool Same(SigningKeySchedule a, SigningKeySchedule b) => a.Pending == b.Pending && a.Keys.SequenceEqual(b.Keys);
}
