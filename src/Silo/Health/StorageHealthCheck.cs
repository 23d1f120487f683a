using Azure.Data.Tables;
using DeferredOrleans.Silo.Storage;
using DeferredOrleans.Silo.Storage.Azure;
using DeferredOrleans.Silo.Storage.Postgres;
using DeferredOrleans.Silo.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DeferredOrleans.Silo.Health;

/// <summary>Readiness: the configured storage answers a cheap read now.</summary>
public sealed class StorageHealthCheck(IOptions<StorageOptions> options) : IHealthCheck
{
    private readonly Lazy<TableServiceClient> _tables = new(() => AzureStorageClients.Tables(options.Value));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = options.Value;
        switch (storage.Profile)
        {
            case StorageProfile.AzureStorage:
                // Listing one table page reads the account without touching grain state.
                await foreach (var _ in _tables.Value.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
                {
                    break;
                }

                return HealthCheckResult.Healthy("Azure Storage answers");
            case StorageProfile.Sqlite:
                await using (var connection = new SqliteConnection(SqliteSchema.ConnectionString(storage.SqlitePath)))
                {
                    await connection.OpenAsync(cancellationToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT 1";
                    await command.ExecuteScalarAsync(cancellationToken);
                }

                return HealthCheckResult.Healthy("SQLite answers");
            case StorageProfile.Postgres:
                await using (var connection = new NpgsqlConnection(PostgresSchema.ConnectionString(storage)))
                {
                    await connection.OpenAsync(cancellationToken);
                    await using var command = new NpgsqlCommand("SELECT 1", connection);
                    await command.ExecuteScalarAsync(cancellationToken);
                }

                return HealthCheckResult.Healthy("PostgreSQL answers");
            default:
                return HealthCheckResult.Healthy("memory storage");
        }
    }
}
