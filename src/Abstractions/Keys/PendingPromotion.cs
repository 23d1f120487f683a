namespace DeferredOrleans.Abstractions.Keys;

/// <summary>A rotation asked for before the next key had been published long enough; it happens at <paramref name="At"/>.</summary>
/// <param name="At">When the next key becomes current.</param>
/// <param name="RetiredKeyLifetime">How long the key it replaces stays published after that.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.PendingPromotion")]
public sealed record PendingPromotion(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] TimeSpan RetiredKeyLifetime);
