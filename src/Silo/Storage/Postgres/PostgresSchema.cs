using Npgsql;

namespace DeferredOrleans.Silo.Storage.Postgres;

/// <summary>
/// Creates the tables, functions and stored queries of the Orleans ADO.NET providers in a PostgreSQL database,
/// idempotently. Orleans' scripts are not (plain CREATE TABLE and INSERT INTO OrleansQuery), so each runs only while
/// the relation it creates is missing; a database prepared by hand with the same scripts is taken as it is. All of
/// them run in one transaction under an advisory lock: silos that start together create the schema once, and a
/// failure part-way leaves nothing behind.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The ADO.NET invariant under which Orleans loads Npgsql (AdoNetInvariants.InvariantNamePostgreSql).</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Names this schema's advisory lock: any constant no other part of the database uses ("DOrleans").</summary>
    private const long SchemaLock = 0x444F726C65616E73;

    /// <summary>Each script, and the relation whose presence says that it has run.</summary>
    private static readonly Dictionary<string, string> Markers = new(StringComparer.Ordinal)
    {
        ["01-main.sql"] = "orleansquery",
        ["02-clustering.sql"] = "orleansmembershiptable",
        ["03-persistence.sql"] = "orleansstorage",
        ["04-reminders.sql"] = "orleansreminderstable",
        ["05-storage-key.sql"] = "orleansstorage_grain",
    };

    public static string ConnectionString(StorageOptions storage) =>
        storage.PostgresConnectionString is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException($"{StorageOptions.Section}:{nameof(StorageOptions.PostgresConnectionString)} is required by the {StorageProfile.Postgres} profile and by PostgreSQL clustering.");

    /// <summary>Runs the scripts whose relations are missing; returns their names (none when the schema was complete).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLock})", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new List<string>();
        foreach (var (name, script) in EmbeddedSql.Scripts("Postgres"))
        {
            if (await ExistsAsync(connection, transaction, Markers[name], cancellationToken))
            {
                continue;
            }

            await using var command = new NpgsqlCommand(script, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(name);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string relation, CancellationToken cancellationToken)
    {
        // to_regclass follows the search_path, as the unqualified names in Orleans' scripts and queries do.
        await using var command = new NpgsqlCommand("SELECT to_regclass(@relation) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("relation", relation);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
