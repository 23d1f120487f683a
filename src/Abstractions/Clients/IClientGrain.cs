namespace DeferredOrleans.Abstractions.Clients;

/// <summary>
/// One client's registration (key: its <c>client_id</c>). Every change is durable before it returns; gateways read
/// it through a short-lived cache.
/// </summary>
[Alias("DeferredOrleans.IClientGrain")]
public interface IClientGrain : IGrainWithStringKey
{
    /// <summary>The registration, or null when there is none.</summary>
    [Alias("Get")]
    Task<ClientRecord?> GetAsync();

    /// <summary>
    /// Stores the configured registration unless one was made or changed at runtime (origin other than
    /// <see cref="ClientOrigin.Configuration"/>), which is kept; returns the registration in force.
    /// </summary>
    [Alias("Seed")]
    Task<ClientRecord> SeedAsync(ClientRecord configured);

    /// <summary>Stores a new registration; null when the client id is taken.</summary>
    [Alias("Create")]
    Task<ClientRecord?> CreateAsync(ClientRecord record);

    /// <summary>Replaces the registration if it is still at <paramref name="expectedVersion"/>; null when it is not (or is gone).</summary>
    [Alias("Replace")]
    Task<ClientRecord?> ReplaceAsync(ClientRecord record, long expectedVersion);

    /// <summary>Removes the registration if it is still at <paramref name="expectedVersion"/>; false when it is not.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(long expectedVersion);
}
