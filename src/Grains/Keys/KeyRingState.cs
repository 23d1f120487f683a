using DeferredOrleans.Abstractions.Keys;

namespace DeferredOrleans.Grains.Keys;

/// <summary>The persisted key ring: secrets only in their encrypted form (ASP.NET Core Data Protection); empty until first use.</summary>
[GenerateSerializer, Alias("DeferredOrleans.KeyRingState")]
public sealed class KeyRingState
{
    /// <summary>A ring in clear, written by a version before encryption at rest; migrated on first use, then null.</summary>
    [Id(0)] public LegacyKeyRing? Ring { get; set; }

    [Id(1)] public SigningKeySchedule? Schedule { get; set; }

    /// <summary>The material of every key in <see cref="Schedule"/>, by key id.</summary>
    [Id(2)] public Dictionary<string, StoredSigningKey> SigningKeys { get; set; } = new(StringComparer.Ordinal);

    [Id(3)] public byte[]? ProtectedPairwiseSecret { get; set; }

    [Id(4)] public byte[]? ProtectedSealingKey { get; set; }

    /// <summary>The audit checkpoint key, by its id; apart from <see cref="SigningKeys"/> so that rotation never touches it.</summary>
    [Id(5)] public string? AuditKeyId { get; set; }

    [Id(6)] public StoredSigningKey? AuditKey { get; set; }
}
