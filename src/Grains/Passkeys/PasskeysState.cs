using DeferredOrleans.Abstractions.Passkeys;

namespace DeferredOrleans.Grains.Passkeys;

/// <summary>One user's passkeys, oldest first.</summary>
[GenerateSerializer, Alias("DeferredOrleans.PasskeysState")]
public sealed class PasskeysState
{
    [Id(0)] public List<Passkey> Passkeys { get; set; } = [];
}
