using Microsoft.Data.Sqlite;

namespace DeferredOrleans.GrainTests;

/// <summary>A SQLite database file for one test, with a peek at the rows the Orleans providers wrote.</summary>
internal sealed class SqliteFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"deferred-orleans-test-{Guid.NewGuid():N}.db");

    /// <summary>The database file and its -wal and -shm files, whichever exist.</summary>
    public IEnumerable<string> Files => new[] { "", "-wal", "-shm" }.Select(suffix => Path + suffix).Where(File.Exists);

    /// <summary>The Data Protection key ring that <see cref="TestCluster"/> configures for a database file.</summary>
    public static string KeysDirectory(string database) => database + ".keys";

    /// <summary>The stored state of a grain, as the storage serializer wrote it, or null when it has no row.</summary>
    public byte[]? Payload(string grainType, string key) =>
        Scalar("SELECT PayloadBinary FROM OrleansStorage WHERE GrainTypeString = $type AND GrainIdExtensionString = $key", ("$type", grainType), ("$key", key)) as byte[];

    /// <summary>Replaces a grain's stored state behind the server's back, as an earlier version would have stored it.</summary>
    public void ReplacePayload(string grainType, string key, byte[] payload) =>
        Scalar("UPDATE OrleansStorage SET PayloadBinary = $payload WHERE GrainTypeString = $type AND GrainIdExtensionString = $key", ("$payload", payload), ("$type", grainType), ("$key", key));

    /// <summary>The stored version (ETag) of a grain's state, or null when it has no row.</summary>
    public long? StateVersion(string grainType, string key) =>
        Scalar("SELECT Version FROM OrleansStorage WHERE GrainTypeString = $type AND GrainIdExtensionString = $key", ("$type", grainType), ("$key", key)) as long?;

    /// <summary>How many rows a state name has (for grain-less rows such as audit blocks, the name they are stored under).</summary>
    public long Rows(string grainType) =>
        (long)Scalar("SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString = $type", ("$type", grainType))!;

    /// <summary>Makes every write of a state name fail, as a failing disk would, until the result is disposed.</summary>
    public IDisposable FailWrites(string grainType)
    {
        Scalar($"CREATE TRIGGER fail_writes BEFORE UPDATE ON OrleansStorage WHEN NEW.GrainTypeString = '{grainType}' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
        return new Cleanup(() => Scalar("DROP TRIGGER fail_writes"));
    }

    /// <summary>Deletes a row behind the server's back.</summary>
    public void DeleteRow(string grainType, string key) =>
        Scalar("DELETE FROM OrleansStorage WHERE GrainTypeString = $type AND GrainIdExtensionString = $key", ("$type", grainType), ("$key", key));

    public long ReminderVersionSum() => (long)(Scalar("SELECT IFNULL(SUM(Version + 1), 0) FROM OrleansRemindersTable") ?? 0L);

    /// <summary>How often the reminders of one grain (its id, e.g. <c>usernotifications/alice</c>) were written.</summary>
    public long ReminderVersions(string grainId) =>
        (long)(Scalar("SELECT IFNULL(SUM(Version + 1), 0) FROM OrleansRemindersTable WHERE GrainId = $id", ("$id", grainId)) ?? 0L);

    public long ReminderCount(string key) =>
        (long)Scalar("SELECT COUNT(*) FROM OrleansRemindersTable WHERE GrainId LIKE $key", ("$key", $"%{key}%"))!;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }

        if (Directory.Exists(KeysDirectory(Path)))
        {
            Directory.Delete(KeysDirectory(Path), recursive: true);
        }
    }

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = command.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    private sealed class Cleanup(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
