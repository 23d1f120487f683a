using Microsoft.Extensions.Options;

namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>Applies the SQLite schema when the silo starts, before the storage and reminder providers read their queries.</summary>
internal sealed class SqliteSchemaInitializer(IOptions<StorageOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteSchemaInitializer), ServiceLifecycleStage.RuntimeInitialize, ct => SqliteSchema.ApplyAsync(options.Value.SqlitePath, ct));
}
