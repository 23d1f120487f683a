namespace DeferredOrleans.Abstractions.Keys;

/// <summary>The server's long-lived secrets, generated once and kept in grain storage so every gateway shares them.</summary>
[Alias("DeferredOrleans.IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    /// <summary>The key ring, created (and stored) on first use.</summary>
    [Alias("Get")]
    Task<KeyRing> GetAsync();
}
