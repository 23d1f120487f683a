using Microsoft.Extensions.Options;

namespace DeferredOrleans.Silo.Storage.Postgres;

/// <summary>
/// Applies the PostgreSQL schema when the silo starts, before the membership table, grain storage and reminders read
/// their stored queries (they all start at later lifecycle stages).
/// </summary>
internal sealed partial class PostgresSchemaInitializer(IOptions<StorageOptions> options, ILogger<PostgresSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.RuntimeInitialize, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var applied = await PostgresSchema.ApplyAsync(PostgresSchema.ConnectionString(options.Value), cancellationToken);
        if (applied.Count > 0)
        {
            LogCreated(logger, string.Join(", ", applied));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the Orleans schema in PostgreSQL: {Scripts}")]
    private static partial void LogCreated(ILogger logger, string scripts);
}
