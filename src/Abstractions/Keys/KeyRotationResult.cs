namespace DeferredOrleans.Abstractions.Keys;

/// <summary>A rotation's outcome and the key schedule after it.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.KeyRotationResult")]
public sealed record KeyRotationResult(
    [property: Id(0)] KeyRotationOutcome Outcome,
    [property: Id(1)] SigningKeySchedule Schedule);
