using DeferredOrleans.Abstractions.Keys;
namespace DeferredOrleans.Grains.Keys;

/// <summary>The persisted key ring; null until first use.</summary>
[GenerateSerializer, Alias("DeferredOrleans.KeyRingState")]
public sealed class KeyRingState
{
    [Id(0)] public KeyRing? Ring { get; set; }
}
