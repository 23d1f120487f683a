using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Keys;

/// <summary>The signing keys (one next, one current, any retired) and a scheduled promotion, if any.</summary>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.SigningKeySchedule")]
public sealed record SigningKeySchedule(
    [property: Id(0)] ImmutableArray<SigningKeyInfo> Keys,
    [property: Id(1)] PendingPromotion? Pending = null)
{
    /// <summary>No keys yet: the key ring has never been used.</summary>
    public static SigningKeySchedule Empty { get; } = new([]);
}
