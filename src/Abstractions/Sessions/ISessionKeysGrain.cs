using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Sessions;

/// <summary>
/// The ASP.NET Core Data Protection key ring of every gateway (key <see cref="GrainKeys.SessionKeys"/>): the keys that
/// protect approvers' session cookies and anti-forgery tokens, in grain storage so that every gateway of a cluster,
/// and a restarted one, reads the same ring.
/// </summary>
[Alias("DeferredOrleans.ISessionKeysGrain")]
public interface ISessionKeysGrain : IGrainWithStringKey
{
    /// <summary>Every stored key, as the XML elements Data Protection wrote.</summary>
    [Alias("GetAll")]
    Task<ImmutableArray<string>> GetAllAsync();

    /// <summary>Stores a key under its friendly name (replacing one of the same name); durable on return.</summary>
    [Alias("Store")]
    Task StoreAsync(string name, string xml);
}
