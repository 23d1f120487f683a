namespace DeferredOrleans.Grains.Sessions;

/// <summary>The persisted Data Protection key ring: each key's XML by its friendly name.</summary>
[GenerateSerializer, Alias("DeferredOrleans.SessionKeysState")]
public sealed class SessionKeysState
{
    [Id(0)] public Dictionary<string, string> Keys { get; set; } = [];
}
