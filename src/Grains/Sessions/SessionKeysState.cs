namespace DeferredOrleans.Grains.Sessions;

/// <summary>The persisted Data Protection key ring: each key's XML by its friendly name, encrypted.</summary>
[GenerateSerializer, Alias("DeferredOrleans.SessionKeysState")]
public sealed class SessionKeysState
{
    /// <summary>Keys in clear, as versions before encryption at rest stored them; moved to <see cref="Protected"/> on activation.</summary>
    [Id(0)] public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Each key's XML (UTF-8) under the key-encryption key, by its friendly name.</summary>
    [Id(1)] public Dictionary<string, byte[]> Protected { get; set; } = [];
}
