namespace DeferredOrleans.Abstractions.Keys;

/// <summary>
/// The server's long-lived secrets: the signing keys and their rotation, the pairwise-identifier secret and the
/// sealing key. Kept in grain storage encrypted under a key-encryption key that is not in that storage.
/// </summary>
[Alias("DeferredOrleans.IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    /// <summary>The key ring in clear, created (and stored) on first use; a due promotion or removal happens first.</summary>
    [Alias("Get")]
    Task<KeyRing> GetAsync();

    /// <summary>The signing keys' ids, states and times, without any key material.</summary>
    [Alias("GetSchedule")]
    Task<SigningKeySchedule> GetScheduleAsync();

    /// <summary>Promotes the next key and publishes a new next one, or schedules that if the next key is too new.</summary>
    [Alias("Rotate")]
    Task<KeyRotationResult> RotateAsync(KeyRotationRequest request);

    /// <summary>The audit checkpoint signing key, created (and stored encrypted) on first use; it is never rotated.</summary>
    [Alias("GetAuditKey")]
    Task<AuditSigningKey> GetAuditKeyAsync();
}
