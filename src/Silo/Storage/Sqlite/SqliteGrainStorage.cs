using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>
/// Grain state in the embedded profile's SQLite file. Reads go straight to the file (WAL: they never wait for a
/// writer); writes and clears go through <see cref="SqliteGroupCommit"/>, so concurrent grains share commits. A
/// grain's call returns only after its write is durable, as with one commit per write.
/// </summary>
public sealed class SqliteGrainStorage(string name, string serviceId, string connectionString, SqliteGroupCommit commits, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var row = Row(stateName, grainId);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT PayloadBinary, Version FROM OrleansStorage
            WHERE ServiceId = $service AND GrainTypeString = $state AND GrainIdN0 = $n0 AND GrainIdN1 = $n1 AND GrainIdExtensionString = $key
            """;
        command.Parameters.AddWithValue("$service", row.ServiceId);
        command.Parameters.AddWithValue("$state", row.StateName);
        command.Parameters.AddWithValue("$n0", row.N0);
        command.Parameters.AddWithValue("$n1", row.N1);
        command.Parameters.AddWithValue("$key", row.Key);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = reader.IsDBNull(0) ? Activator.CreateInstance<T>() : serializer.Deserialize<T>(new BinaryData((byte[])reader.GetValue(0)));
        grainState.ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = !reader.IsDBNull(0);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var version = await commits.WriteAsync(Row(stateName, grainId), serializer.Serialize(grainState.State).ToArray(), Expected(grainState.ETag))
            ?? throw Conflict("WriteState", stateName, grainId, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>Keeps the row (payload gone, version bumped), so that the version sequence never restarts.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Expected(grainState.ETag) is { } expected)
        {
            var version = await commits.WriteAsync(Row(stateName, grainId), payload: null, expected)
                ?? throw Conflict("ClearState", stateName, grainId, grainState.ETag);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    private StateRow Row(string stateName, GrainId grainId) => StateRow.Of(serviceId, stateName, grainId);

    private static int? Expected(string? etag) => string.IsNullOrWhiteSpace(etag) ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"Version conflict ({operation}): ServiceId={serviceId} ProviderName={name} State={stateName} GrainId={grainId} ETag={etag}.");
}
